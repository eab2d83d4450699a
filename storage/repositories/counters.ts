import { ConflictError, DamagedDocumentError, type Counters } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';

/**
 * Sequence numbers for references. Compare-and-swap on the etag, so two bot instances never hand out the same
 * number. A counter that is missing or damaged starts again from the highest number already used (`rebuild`),
 * so references stay unique.
 */
/** Enough for a dozen instances submitting at the same moment; then the submission fails and is retried. */
const MAX_ATTEMPTS = 10;

export class CounterRepository implements Counters {
  constructor(
    private readonly store: DocumentStore,
    private readonly rebuild: (name: string) => Promise<number> = () => Promise.resolve(0),
    /** Told of each lost race for a number, so conflicts show in the logs with their count. */
    private readonly onConflict?: (name: string, attempt: number) => void,
  ) {}

  async next(name: string): Promise<number> {
    const key = `counters/${name}`;
    for (let attempt = 1; ; attempt++) {
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
        if (!(err instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw err;
        this.onConflict?.(name, attempt);
        // Jittered backoff, so instances racing for the same number do not meet again at once.
        await new Promise((ok) => setTimeout(ok, Math.random() * 10 * 2 ** attempt));
      }
    }
  }
}
