import type { Draft } from '../../dialogs/core/draft.js';
import type { DocumentStore } from '../ports.js';

/** Drafts live under their owner's id, so one official can never list or open another's. */
export class DraftRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(ownerId: string, id: string): Promise<Draft | undefined> {
    return (await this.store.read<Draft>(`drafts/${ownerId}/${id}`))?.value;
  }

  async save(draft: Draft): Promise<void> {
    await this.store.write(`drafts/${draft.owner.id}/${draft.id}`, draft);
  }

  async listByOwner(ownerId: string): Promise<Draft[]> {
    const ids = await this.store.list(`drafts/${ownerId}`);
    const drafts = await Promise.all(ids.map((id) => this.get(ownerId, id)));
    return drafts.filter((d): d is Draft => d !== undefined).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
}
