import { ConflictError } from '../../dialogs/core/ports.js';
import type { ReminderState } from '../../dialogs/core/reminders.js';
import type { DocumentStore } from '../ports.js';
import { skipDamaged } from './damaged.js';

/** Saves of one official's drafts in one slot of this length leave one mark. */
export const TOUCH_SLOT_MS = 10 * 60_000;
/** A mark is read only this long after its slot ended, when every save it stands for is certainly on disk. */
export const TOUCH_SETTLE_MS = 60_000;

const TOUCHED = 'reminders-touched';
const DUE = 'reminders-due';

/** "20270331T0910": sorts as time does, and never holds a dot. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13);
const MARK = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})\.(.+)$/;

function entry(folder: string, name: string): IndexEntry | undefined {
  const m = MARK.exec(name);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
  return { key: `${folder}/${name}`, ownerId: m[6]!, at: Date.UTC(y!, mo! - 1, d, h, mi) };
}

/** One entry of the index: look at this official once `at` has come. */
export interface IndexEntry {
  key: string;
  ownerId: string;
  at: number;
}

/**
 * What the reminder runner keeps, so that a pass reads only the officials something may be due for, never every
 * draft: the index is two folders of empty marks whose names say when and whom ("<time>.<official>"), so one
 * listing finds them. A save of a draft leaves a mark in `reminders-touched/` (once per official per 10-minute
 * slot, before the draft is written); the runner leaves one in `reminders-due/` for the next time something may be
 * due for that official (a draft turning 7 days old, a closing notice, a purge). And each official's state: what
 * was already sent.
 */
export class ReminderRepository {
  /** Officials marked in the current slot by this process: a mark is written once per slot, not on every save. */
  private marked = { slot: -1, owners: new Set<string>() };

  constructor(private readonly store: DocumentStore) {}

  /** Called before a draft of this official is saved. */
  async touched(ownerId: string, now: Date): Promise<void> {
    const slot = Math.floor(now.getTime() / TOUCH_SLOT_MS) * TOUCH_SLOT_MS;
    if (this.marked.slot !== slot) this.marked = { slot, owners: new Set() };
    if (this.marked.owners.has(ownerId)) return;
    await this.store.write(`${TOUCHED}/${stamp(slot)}.${ownerId}`, {});
    this.marked.owners.add(ownerId);
  }

  /** The next look at this official, to the minute (rounded up, so it is never too early). */
  async schedule(ownerId: string, at: Date): Promise<string> {
    const minute = Math.ceil(at.getTime() / 60_000) * 60_000;
    const key = `${DUE}/${stamp(minute)}.${ownerId}`;
    await this.store.write(key, {});
    return key;
  }

  /**
   * Marks whose time has come (scheduled looks due by now, touched slots settled by now), and the scheduled
   * looks still to come, which a look at their official makes obsolete (it schedules the next one afresh).
   */
  async marks(now: Date): Promise<{ ready: IndexEntry[]; later: IndexEntry[] }> {
    const t = now.getTime();
    const read = async (folder: string) =>
      (await this.store.list(folder)).map((name) => entry(folder, name)).filter((e): e is IndexEntry => !!e);
    const due = await read(DUE);
    const touched = (await read(TOUCHED)).filter((e) => e.at + TOUCH_SLOT_MS + TOUCH_SETTLE_MS <= t);
    return { ready: [...due.filter((e) => e.at <= t), ...touched], later: due.filter((e) => e.at > t) };
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) await this.store.remove(key);
  }

  async state(ownerId: string): Promise<{ value: ReminderState; etag: string | null }> {
    const doc = await this.store.read<ReminderState>(`reminders/${ownerId}`).catch(skipDamaged);
    return doc ? { value: doc.value, etag: doc.etag } : { value: {}, etag: null };
  }

  /** Only over the version read; false when another instance saved it meanwhile (it decided the same). */
  async saveState(ownerId: string, value: ReminderState, etag: string | null): Promise<boolean> {
    try {
      await this.store.write(`reminders/${ownerId}`, value, etag);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }
}
