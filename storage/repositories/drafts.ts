import type { Draft } from '../../dialogs/core/draft.js';
import type { Drafts } from '../../dialogs/core/ports.js';
import { skipDamaged } from './damaged.js';
import type { DocumentStore } from '../ports.js';

export interface DraftRepositoryOptions {
  /** Awaited before every save: the reminders' index marks the official (storage/repositories/reminders.ts). */
  beforeSave?: (draft: Draft) => Promise<void>;
}

/** Drafts live under their owner's id, so one official can never list or open another's. */
export class DraftRepository implements Drafts {
  constructor(
    private readonly store: DocumentStore,
    private readonly options: DraftRepositoryOptions = {},
  ) {}

  async get(ownerId: string, id: string): Promise<Draft | undefined> {
    const doc = await this.store.read<Draft>(`drafts/${ownerId}/${id}`);
    return doc ? { ...doc.value, _etag: doc.etag } : undefined;
  }

  /** Saves only over the version it was read at; a ConflictError means another instance got there first. */
  async save(draft: Draft): Promise<Draft> {
    await this.options.beforeSave?.(draft);
    const { _etag, ...doc } = draft;
    return { ...doc, _etag: await this.store.write(`drafts/${draft.owner.id}/${draft.id}`, doc, _etag ?? null) };
  }

  async listByOwner(ownerId: string): Promise<Draft[]> {
    // A draft set aside (merged into another, deleted) is kept on disk but is no longer one of the official's drafts.
    return (await this.listAllByOwner(ownerId)).filter((d) => !d.deleted);
  }

  /** Every draft of the official, those set aside included (the reminders' purge needs them). */
  async listAllByOwner(ownerId: string): Promise<Draft[]> {
    const ids = await this.store.list(`drafts/${ownerId}`);
    // A damaged draft has been set aside (and logged) by the store: the others are still listed.
    const drafts = await Promise.all(ids.map((id) => this.get(ownerId, id).catch(skipDamaged)));
    return drafts.filter((d): d is Draft => d !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Drafts these officials deleted themselves (not merged ones) since a time: the Secretariat's abandoned drafts. */
  async listDeletedByOfficials(ownerIds: readonly string[], since: string): Promise<Draft[]> {
    const all = await Promise.all(ownerIds.map((id) => this.listAllByOwner(id)));
    return all.flat().filter((d) => d.deleted?.why === 'official' && d.deleted.at >= since);
  }

  /** Removes a draft for good: only the 30-day purge of drafts the official deleted calls this. */
  async remove(ownerId: string, id: string): Promise<void> {
    await this.store.remove(`drafts/${ownerId}/${id}`);
  }
}
