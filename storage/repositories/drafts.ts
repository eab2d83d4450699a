import type { Draft } from '../../dialogs/core/draft.js';
import type { Drafts } from '../../dialogs/core/ports.js';
import { skipDamaged } from './damaged.js';
import type { DocumentStore } from '../ports.js';

/** Drafts live under their owner's id, so one official can never list or open another's. */
export class DraftRepository implements Drafts {
  constructor(private readonly store: DocumentStore) {}

  async get(ownerId: string, id: string): Promise<Draft | undefined> {
    const doc = await this.store.read<Draft>(`drafts/${ownerId}/${id}`);
    return doc ? { ...doc.value, _etag: doc.etag } : undefined;
  }

  /** Saves only over the version it was read at; a ConflictError means another instance got there first. */
  async save(draft: Draft): Promise<Draft> {
    const { _etag, ...doc } = draft;
    return { ...doc, _etag: await this.store.write(`drafts/${draft.owner.id}/${draft.id}`, doc, _etag ?? null) };
  }

  async listByOwner(ownerId: string): Promise<Draft[]> {
    const ids = await this.store.list(`drafts/${ownerId}`);
    // A damaged draft has been set aside (and logged) by the store: the others are still listed.
    const drafts = await Promise.all(ids.map((id) => this.get(ownerId, id).catch(skipDamaged)));
    // A draft set aside (merged into another) is kept on disk but is no longer one of the official's drafts.
    return drafts
      .filter((d): d is Draft => d !== undefined && !d.deleted)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
