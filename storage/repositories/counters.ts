import { ConflictError, DamagedDocumentError, type Counters } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';

/**
 * Sequence numbers for references. Compare-and-swap on the etag, so two bot instances never hand out the same
 * number. A counter that is missing or damaged starts again from the highest number already used (`rebuild`),
 * so references stay unique.
 */
export class CounterRepository implements Counters {
  constructor(
    private readonly store: DocumentStore,
    private readonly rebuild: (name: string) => Promise<number> = async () => 0,
  ) {}

  async next(name: string): Promise<number> {
    const key = `counters/${name}`;
    for (;;) {
      let current;
      try {
        current = await this.store.read<unknown>(key);
      } catch (err) {
        if (!(err instanceof DamagedDocumentError)) throw err;
        // Set aside by the store: the key is free again.
        current = undefined;
      }
      const counted = typeof current?.value === 'number' && Number.isInteger(current.value) ? current.value : undefined;
      const base = counted ?? (await this.rebuild(name));
      try {
        await this.store.write(key, base + 1, current ? current.etag : null);
        return base + 1;
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
    }
  }
}
