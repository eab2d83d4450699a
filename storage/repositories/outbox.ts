import { ConflictError, type DocumentStore } from '../ports.js';

export interface OutboxItem<P = unknown> {
  /** Derived from what is sent (e.g. "notify-MESICIC-BP-2026-0001"), so enqueuing twice keeps one. */
  id: string;
  kind: string;
  payload: P;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError?: string;
}

/** Messages that must reach someone, kept on disk until delivered. Only pending items are stored, so scans stay small. */
export class OutboxRepository {
  constructor(private readonly store: DocumentStore) {}

  /** Returns false when an item with that id is already waiting. */
  async enqueue<P>(item: Omit<OutboxItem<P>, 'attempts' | 'nextAttemptAt' | 'createdAt'>, now: Date): Promise<boolean> {
    const full: OutboxItem<P> = { ...item, attempts: 0, nextAttemptAt: now.toISOString(), createdAt: now.toISOString() };
    try {
      await this.store.write(`outbox/${item.id}`, full, null);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  async pending(): Promise<OutboxItem[]> {
    const ids = await this.store.list('outbox');
    const items = await Promise.all(ids.map(async (id) => (await this.store.read<OutboxItem>(`outbox/${id}`))?.value));
    return items.filter((i): i is OutboxItem => i !== undefined);
  }

  async reschedule(item: OutboxItem, nextAttemptAt: Date, error: string): Promise<void> {
    await this.store.write(`outbox/${item.id}`, { ...item, attempts: item.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: error });
  }

  /** Delivered items leave the outbox; a record of the delivery is kept beside it for audits. */
  async delivered(item: OutboxItem, at: Date): Promise<void> {
    await this.store.write(`outbox-delivered/${item.id}`, { ...item, attempts: item.attempts + 1, deliveredAt: at.toISOString() });
    await this.store.remove(`outbox/${item.id}`);
  }
}
