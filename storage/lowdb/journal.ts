import {
  closeSync,
  fdatasync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { syncDir } from './durable.js';
import { join } from 'node:path';
import { errnoOf } from '../errno.js';

/** One change: a document's new version, or its removal (`etag` null). `json` is the value, serialised. */
export interface JournalRecord {
  key: string;
  etag: string | null;
  json?: string;
}

/** Hidden, so that no collection listing ever meets it. */
export const JOURNAL_DIR = '.journal';

const SEGMENT = /^\d{13}-\d{6}\.log$/;
/** Every record starts with this; JSON escapes the quotes of any string inside, so it can only start a record. */
const RECORD_START = '{"k":';
const line = (r: JournalRecord) =>
  r.etag === null
    ? `{"k":${JSON.stringify(r.key)},"d":1}\n`
    : `{"k":${JSON.stringify(r.key)},"e":${JSON.stringify(r.etag)},"v":${r.json}}\n`;

function parse(raw: string): JournalRecord | undefined {
  try {
    const r = JSON.parse(raw) as { k?: unknown; e?: unknown; v?: unknown; d?: unknown };
    if (typeof r.k !== 'string') return undefined;
    if (r.d === 1) return { key: r.k, etag: null };
    if (typeof r.e === 'string' && 'v' in r) return { key: r.k, etag: r.e, json: JSON.stringify(r.v) };
  } catch {
    // A record cut short: see read().
  }
  return undefined;
}

const datasync = (fd: number) => new Promise<void>((ok, fail) => fdatasync(fd, (err) => (err ? fail(err) : ok())));

export interface JournalOptions {
  /**
   * fdatasync before a write is acknowledged (default): the change survives a power cut, not only the process
   * being killed. Concurrent writes share one flush (group commit).
   */
  fsync?: boolean;
}

/**
 * A write-ahead log of segment files, appended to by the one process that owns the data folder. An append is a
 * write() on a file that is already open, then an fdatasync shared by every append made meanwhile: CPU per
 * write stays a few µs (creating, writing and renaming a file cost ~1 ms under load), and only the flush is
 * waited for. The store copies changes into the documents' own files in the background, then drops the
 * segments that hold them.
 *
 * A write that fails half-way (a full disk) is cut off the file again before the error reaches the caller, so
 * a record is in the journal whole or not at all, and the next append never lands on a torn line.
 */
export class Journal {
  private fd: number | undefined;
  private path: string | undefined;
  private seq = 0;
  /** Segment names start with this, not with the clock at each rotation, so that they sort in writing order. */
  private readonly started = Date.now();
  /** Bytes in the current segment, all of them whole records. */
  size = 0;
  /** The current segment's tail holds part of a failed record that could not be cut off yet. */
  private torn = false;
  /** Rotated segments whose descriptors are closed once a flush has covered them. */
  private retired: number[] = [];
  private readonly fsync: boolean;
  /** The flush under way, and the one that the appends made since will share. */
  private flushing: Promise<void> | undefined;
  private nextFlush: Promise<void> | undefined;
  private dirty = false;
  /** fdatasync rounds so far (the benchmark and tests read it: group commit shares one among many writes). */
  flushes = 0;

  constructor(
    private readonly root: string,
    options: JournalOptions = {},
  ) {
    this.fsync = options.fsync ?? true;
  }

  private get dir(): string {
    return join(this.root, JOURNAL_DIR);
  }

  /** Appends one record whole, or throws with the file as it was. Durable only after `flush()`. */
  append(record: JournalRecord): void {
    if (this.torn) this.repair();
    if (this.fd === undefined) this.open();
    const fd = this.fd!;
    const buffer = Buffer.from(line(record), 'utf8');
    try {
      for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at, buffer.length - at);
    } catch (err) {
      this.torn = true;
      this.repair();
      throw err;
    }
    this.size += buffer.length;
    this.dirty = true;
  }

  /** Cuts a failed record off the end; if even that fails, the segment is left behind and a new one starts. */
  private repair(): void {
    if (this.fd === undefined) {
      this.torn = false;
      return;
    }
    try {
      ftruncateSync(this.fd, this.size);
      this.torn = false;
    } catch {
      // Replay skips a torn last line, and nothing more will be appended after it.
      this.retire();
      this.torn = false;
    }
  }

  /**
   * Resolves once every record appended before the call is on stable storage. Calls made while a flush runs
   * share the next one: many concurrent turns, one fdatasync.
   */
  flush(): Promise<void> {
    if (!this.fsync) {
      this.closeRetired();
      return Promise.resolve();
    }
    if (this.nextFlush) return this.nextFlush;
    const after = this.flushing ?? Promise.resolve();
    const next = after
      .catch(() => undefined)
      .then(async () => {
        this.nextFlush = undefined;
        const fds = [...this.retired, ...(this.fd !== undefined && this.dirty ? [this.fd] : [])];
        if (fds.length === 0) return;
        this.flushes++;
        const closing = this.retired;
        this.retired = [];
        this.dirty = false;
        const current = (this.flushing = Promise.all(fds.map(datasync)).then(() => undefined));
        try {
          await current;
        } finally {
          for (const fd of closing) closeSync(fd);
          if (this.flushing === current) this.flushing = undefined;
        }
      });
    this.nextFlush = next;
    return next;
  }

  /** Starts a new segment; returns the previous one, to be deleted once its changes are in their files. */
  rotate(): string | undefined {
    const previous = this.path;
    this.retire();
    return previous;
  }

  private retire(): void {
    if (this.fd !== undefined) {
      // Closed by the next flush: one may be owed to appends made on it, or be running on it now.
      if (this.fsync) this.retired.push(this.fd);
      else closeSync(this.fd);
    }
    this.fd = undefined;
    this.path = undefined;
    this.size = 0;
  }

  private closeRetired(): void {
    for (const fd of this.retired.splice(0)) closeSync(fd);
  }

  async close(): Promise<void> {
    await this.flush().catch(() => undefined);
    this.retire();
    await this.flush().catch(() => undefined);
    this.closeRetired();
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.path = join(this.dir, `${String(this.started).padStart(13, '0')}-${String(++this.seq).padStart(6, '0')}.log`);
    this.fd = openSync(this.path, 'a');
    this.size = 0;
    // The new segment's name must survive a power cut too, or its records would be lost with it.
    if (this.fsync) syncDir(this.dir);
  }

  /** The segments left in a folder (by a process that stopped before copying them out), oldest first. */
  static segments(root: string): string[] {
    try {
      return readdirSync(join(root, JOURNAL_DIR))
        .filter((n) => SEGMENT.test(n))
        .sort()
        .map((n) => join(root, JOURNAL_DIR, n));
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return [];
      throw err;
    }
  }

  /**
   * Every whole record of those segments, in order. A line cut short by a crash or a full disk was never
   * acknowledged: it is skipped. Should a later record have been written right after a torn one on the same
   * line (a journal written before torn tails were cut off), that record is still found and kept.
   */
  static read(segments: string[]): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (const segment of segments) {
      let text: string;
      try {
        text = readFileSync(segment, 'utf8');
      } catch (err) {
        // Deleted by its owner between the listing and this read: its changes are in their files now.
        if (errnoOf(err) === 'ENOENT') continue;
        throw err;
      }
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        const whole = parse(raw);
        if (whole) {
          out.push(whole);
          continue;
        }
        for (let at = raw.indexOf(RECORD_START, 1); at > 0; at = raw.indexOf(RECORD_START, at + 1)) {
          const rest = parse(raw.slice(at));
          if (rest) {
            out.push(rest);
            break;
          }
        }
      }
    }
    return out;
  }

  static drop(segment: string): void {
    rmSync(segment, { force: true });
  }
}
