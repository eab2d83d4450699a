import { ConflictError, type DocumentStore } from '../ports.js';

/** Sequence numbers for references. Compare-and-swap on the etag, so two bot instances never hand out the same number. */
export class CounterRepository {
  constructor(private readonly store: DocumentStore) {}

  async next(name: string): Promise<number> {
    for (;;) {
      const current = await this.store.read<number>(`counters/${name}`);
      const value = (current?.value ?? 0) + 1;
      try {
        await this.store.write(`counters/${name}`, value, current ? current.etag : null);
        return value;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
}
