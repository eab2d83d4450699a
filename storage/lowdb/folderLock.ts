import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errnoOf } from '../errno.js';

/** The lock file, hidden like the journal so that no collection listing meets it. */
export const LOCK_FILE = '.lock';
/** A lock file with no readable holder yet (its creator died between creating and writing it) is stale after this. */
const UNWRITTEN_STALE_MS = 5_000;
/** A takeover guard left by a process that died mid-takeover is ignored after this. */
const GUARD_STALE_MS = 10_000;
const RETRY_MS = 100;

interface Holder {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for the holder. */
  started?: string;
  since: string;
  token: string;
}

export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    holder: Holder | undefined,
  ) {
    super(
      `The data folder ${dir} is in use by another bot process` +
        (holder ? ` (pid ${holder.pid} on ${holder.host}, since ${holder.since})` : '') +
        `. Stop that process first, or give this one another DATA_DIR.` +
        (holder && holder.host !== hostname() ? ` If that host is gone for good, delete ${join(dir, LOCK_FILE)}.` : ''),
    );
    this.name = 'FolderLockedError';
  }
}

/** Locks held by this process, so that one process opening a folder twice is refused as a second process would be. */
const heldHere = new Set<string>();

function processStart(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from its closing paren.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(holder: Holder, path: string): boolean {
  // Another machine sharing the folder: its processes cannot be seen from here, so it is taken as alive.
  if (holder.host !== hostname()) return true;
  // Our own pid but not a lock of ours: a container restarted with the same pid numbering.
  if (holder.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if (errnoOf(err) === 'ESRCH') return false;
  }
  const started = processStart(holder.pid);
  return !(holder.started && started && started !== holder.started);
}

function readHolder(path: string): { holder?: Holder; text: string } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (
      typeof h.pid === 'number' &&
      typeof h.host === 'string' &&
      typeof h.token === 'string' &&
      typeof h.since === 'string'
    )
      return { holder: h as Holder, text };
  } catch {
    // Unwritten or cut short: judged by its age below.
  }
  return { text };
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function create(path: string, holder: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * One owner per data folder, as SQLite and LevelDB do it: a lock file created exclusively (O_EXCL) at open,
 * naming the holder's pid, host and start time. A lock whose process is gone (killed, the machine restarted) is
 * taken over; two processes taking over the same stale lock at once are serialised by a second exclusive file.
 */
export class FolderLock {
  private constructor(
    readonly dir: string,
    private readonly path: string,
    private readonly token: string,
  ) {}

  /** Takes the folder's lock, waiting up to `waitMs` for a live holder to let go (an overlapping restart). */
  static async acquire(
    dir: string,
    options: { waitMs?: number; onWait?: (holder: Holder | undefined) => void } = {},
  ): Promise<FolderLock> {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, LOCK_FILE);
    const deadline = Date.now() + (options.waitMs ?? 0);
    let told = false;
    for (;;) {
      const token = randomUUID();
      const seen = FolderLock.tryOnce(path, token);
      if (seen === true) {
        heldHere.add(path);
        return new FolderLock(dir, path, token);
      }
      if (Date.now() >= deadline) throw new FolderLockedError(dir, seen);
      if (!told) options.onWait?.(seen);
      told = true;
      await new Promise((ok) => setTimeout(ok, RETRY_MS));
    }
  }

  /** True when taken; otherwise who holds it (undefined when that is not readable yet). */
  private static tryOnce(path: string, token: string): true | Holder | undefined {
    const me: Holder = {
      pid: process.pid,
      host: hostname(),
      started: processStart(process.pid),
      since: new Date().toISOString(),
      token,
    };
    if (create(path, me)) return true;
    const seen = readHolder(path);
    if (!seen) return create(path, me) ? true : undefined;
    const stale = seen.holder ? !alive(seen.holder, path) : ageMs(path) > UNWRITTEN_STALE_MS;
    if (!stale) return seen.holder;
    const guard = `${path}.takeover`;
    if (!create(guard, me)) {
      if (ageMs(guard) > GUARD_STALE_MS) unlinkSync(guard);
      return seen.holder;
    }
    try {
      // Still the same stale lock? Another process may have taken it over between our read and our guard.
      if (readHolder(path)?.text !== seen.text) return readHolder(path)?.holder;
      unlinkSync(path);
      return create(path, me) ? true : undefined;
    } finally {
      unlinkSync(guard);
    }
  }

  /** Lets go of the folder, unless someone else's lock is there now (a takeover after a long freeze). */
  release(): void {
    heldHere.delete(this.path);
    if (readHolder(this.path)?.holder?.token === this.token) unlinkSync(this.path);
  }
}
