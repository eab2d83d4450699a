import { KeyedLock } from '../../dialogs/core/keyedLock.js';
import { ConflictError, type Counters, type Reservation } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';
import { skipDamaged } from './damaged.js';

/** Enough for a dozen instances submitting at the same moment; then the submission fails and is retried. */
const MAX_ATTEMPTS = 10;
/**
 * How many holders a counter remembers, newest numbers first: far more than submissions in flight at once (and
 * for MESICIC, more than a year's submissions of one kind), so a retry always finds its number.
 */
export const HOLDERS_KEPT = 200;

/** What `counters/<name>` holds. Older documents hold the bare number; they read as having no holders. */
interface CounterDoc {
  value: number;
  /** Who got which number: written in the same compare-and-swap as the value. */
  holders: Record<string, number>;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The document as stored, or undefined when it is not a counter (edited by hand, cut short): then it is rebuilt. */
function parse(raw: unknown): CounterDoc | undefined {
  if (isCount(raw)) return { value: raw, holders: {} };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { value, holders } = raw as { value?: unknown; holders?: unknown };
  if (!isCount(value)) return undefined;
  const kept: Record<string, number> = {};
  if (typeof holders === 'object' && holders !== null)
    for (const [holder, n] of Object.entries(holders)) if (isCount(n) && n > 0 && n <= value) kept[holder] = n;
  return { value, holders: kept };
}

/** The newest HOLDERS_KEPT holders: the oldest numbers were settled long ago. */
function newest(holders: Record<string, number>): Record<string, number> {
  const entries = Object.entries(holders);
  if (entries.length <= HOLDERS_KEPT) return holders;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, HOLDERS_KEPT));
}

/**
 * Sequence numbers for references. Compare-and-swap on the etag, so two bot instances never hand out the same
 * number. The number is recorded against its holder (a draft) in the same write that takes it, so asking again
 * for the same holder (a retry after a crash or a lost reply, the same draft submitted from two devices or
 * instances at once) gives the same number and none is burnt. A counter that is missing or damaged starts again
 * from the highest number already used (`rebuild`), so references stay unique.
 */
export class CounterRepository implements Counters {
  /** Submissions on this instance take numbers one at a time: the compare-and-swap is for other instances. */
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: DocumentStore,
    private readonly rebuild: (name: string) => Promise<number> = () => Promise.resolve(0),
    /** Told of each lost race for a number, so conflicts show in the logs with their count. */
    private readonly onConflict?: (name: string, attempt: number) => void,
  ) {}

  async next(name: string, holder?: string): Promise<number> {
    return this.lock.run(name, () => this.take(name, holder));
  }

  private async take(name: string, holder: string | undefined): Promise<number> {
    const key = `counters/${name}`;
    for (let attempt = 1; ; attempt++) {
      // A damaged counter has been set aside by the store: the key is free again and the number is rebuilt.
      const current = await this.store.read<unknown>(key).catch(skipDamaged);
      const doc = parse(current?.value);
      const held = holder === undefined ? undefined : doc?.holders[holder];
      if (held !== undefined) return held;
      const n = (doc?.value ?? (await this.rebuild(name))) + 1;
      const holders = newest({ ...doc?.holders, ...(holder === undefined ? {} : { [holder]: n }) });
      try {
        await this.store.write<CounterDoc>(key, { value: n, holders }, current ? current.etag : null);
        return n;
      } catch (err) {
        // Also what a write that committed but whose reply was lost looks like (the client's retry gets 412):
        // the next read then finds this holder's number.
        if (!(err instanceof ConflictError) || attempt >= MAX_ATTEMPTS) throw err;
        this.onConflict?.(name, attempt);
        // Jittered backoff, so instances racing for the same number do not meet again at once.
        await new Promise((ok) => setTimeout(ok, Math.random() * 10 * 2 ** attempt));
      }
    }
  }

  async reservations(names?: string[]): Promise<Reservation[]> {
    const wanted = names ?? (await this.store.list('counters'));
    const out: Reservation[] = [];
    for (const counter of wanted) {
      const doc = parse((await this.store.read<unknown>(`counters/${counter}`).catch(skipDamaged))?.value);
      for (const [holder, value] of Object.entries(doc?.holders ?? {})) out.push({ counter, holder, value });
    }
    return out.sort((a, b) => a.counter.localeCompare(b.counter) || a.value - b.value);
  }
}
