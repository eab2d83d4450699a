import { ConflictError, type Outbox, type OutboxItem } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';
import { skipDamaged } from './damaged.js';

/** Messages that must reach someone, kept on disk until delivered. Only pending items are stored, so scans stay small. */
export type { OutboxItem };

export class OutboxRepository implements Outbox {
  constructor(private readonly store: DocumentStore) {}

  /** Returns false when an item with that id is already waiting. */
  async enqueue<P>(item: Omit<OutboxItem<P>, 'attempts' | 'nextAttemptAt' | 'createdAt'>, now: Date): Promise<boolean> {
    // A retried submission after a crash may queue again what was already delivered: once is enough.
    if (await this.store.read(`outbox-delivered/${item.id}`).catch(skipDamaged)) return false;
    const full: OutboxItem<P> = {
      ...item,
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
    };
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
    const items = await Promise.all(
      ids.map(async (id): Promise<OutboxItem | undefined> => {
        // One damaged item is set aside (and logged) by the store; the others are still delivered.
        const doc = await this.store.read<OutboxItem>(`outbox/${id}`).catch(skipDamaged);
        return doc ? { ...doc.value, _etag: doc.etag } : undefined;
      }),
    );
    return items.filter((i): i is OutboxItem => i !== undefined);
  }

  /** Takes the item for one delivery attempt; undefined when another instance took it first. */
  async claim(item: OutboxItem, until: Date): Promise<OutboxItem | undefined> {
    const { _etag, ...doc } = item;
    // Recorded as delivered by an instance that stopped before taking it out of the outbox: never send it again.
    if (await this.store.read(`outbox-delivered/${item.id}`).catch(skipDamaged)) {
      await this.store.remove(`outbox/${item.id}`);
      return undefined;
    }
    try {
      const etag = await this.store.write(
        `outbox/${item.id}`,
        { ...doc, claimUntil: until.toISOString() },
        _etag ?? null,
      );
      return { ...doc, claimUntil: until.toISOString(), _etag: etag };
    } catch (err) {
      if (err instanceof ConflictError) return undefined;
      throw err;
    }
  }

  async reschedule(item: OutboxItem, nextAttemptAt: Date, error: string): Promise<void> {
    const { _etag, claimUntil: _claim, ...doc } = item;
    await this.store.write(
      `outbox/${item.id}`,
      { ...doc, attempts: item.attempts + 1, nextAttemptAt: nextAttemptAt.toISOString(), lastError: error },
      _etag,
    );
  }

  /** Delivered items leave the outbox; a record of the delivery is kept beside it for audits. */
  async delivered(item: OutboxItem, at: Date): Promise<void> {
    const { _etag, claimUntil: _claim, ...doc } = item;
    await this.store.write(`outbox-delivered/${item.id}`, {
      ...doc,
      attempts: item.attempts + 1,
      deliveredAt: at.toISOString(),
    });
    await this.store.remove(`outbox/${item.id}`);
  }
}
