import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One change: a document's new version, or its removal (`etag` null). `json` is the value, serialised. */
export interface JournalRecord {
  key: string;
  etag: string | null;
  json?: string;
}

/** Hidden, so that no collection listing ever meets it. */
export const JOURNAL_DIR = '.journal';

const SEGMENT = /^\d{13}-\d{6}\.log$/;
const line = (r: JournalRecord) =>
  r.etag === null ? `{"k":${JSON.stringify(r.key)},"d":1}\n` : `{"k":${JSON.stringify(r.key)},"e":${JSON.stringify(r.etag)},"v":${r.json}}\n`;

/**
 * A write-ahead log of segment files, appended to by the one process that owns the data folder. An append is a
 * single write() on a file that is already open: once it returns, the change is in the kernel and survives the
 * process being killed, as a renamed file would, for a small fraction of the CPU that creating, writing and
 * renaming a file costs under load (see test/bench/README.md). The store copies changes into the documents'
 * own files in the background and then drops the segments that hold them.
 */
export class Journal {
  private fd: number | undefined;
  private path: string | undefined;
  private seq = 0;
  /** Segment names start with this, not with the clock at each rotation, so that they sort in writing order. */
  private readonly started = Date.now();
  /** Bytes in the current segment. */
  size = 0;

  constructor(private readonly root: string) {}

  private get dir(): string {
    return join(this.root, JOURNAL_DIR);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) this.open();
    const buffer = Buffer.from(line(record), 'utf8');
    // A regular file takes the whole buffer in one call unless the disk is full; then the error reaches the caller.
    for (let at = 0; at < buffer.length; ) at += writeSync(this.fd!, buffer, at, buffer.length - at);
    this.size += buffer.length;
  }

  /** Starts a new segment; returns the previous one, to be deleted once its changes are in their files. */
  rotate(): string | undefined {
    const previous = this.path;
    this.close();
    return previous;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.path = undefined;
    this.size = 0;
  }

  private open(): void {
    mkdirSync(this.dir, { recursive: true });
    this.path = join(this.dir, `${String(this.started).padStart(13, '0')}-${String(++this.seq).padStart(6, '0')}.log`);
    this.fd = openSync(this.path, 'a');
  }

  /** The segments left in a folder (by a process that stopped before copying them out), oldest first. */
  static segments(root: string): string[] {
    try {
      return readdirSync(join(root, JOURNAL_DIR))
        .filter((n) => SEGMENT.test(n))
        .sort()
        .map((n) => join(root, JOURNAL_DIR, n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /**
   * Every record of those segments, in order. A line cut short by a crash mid-write was never acknowledged to
   * anyone: it is skipped, as is anything else that does not parse.
   */
  static read(segments: string[]): JournalRecord[] {
    const out: JournalRecord[] = [];
    for (const segment of segments) {
      let text: string;
      try {
        text = readFileSync(segment, 'utf8');
      } catch (err) {
        // Deleted by its owner between the listing and this read: its changes are in their files now.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      for (const raw of text.split('\n')) {
        if (!raw) continue;
        try {
          const r = JSON.parse(raw) as { k?: unknown; e?: unknown; v?: unknown; d?: unknown };
          if (typeof r.k !== 'string') continue;
          if (r.d === 1) out.push({ key: r.k, etag: null });
          else if (typeof r.e === 'string' && 'v' in r) out.push({ key: r.k, etag: r.e, json: JSON.stringify(r.v) });
        } catch {
          continue;
        }
      }
    }
    return out;
  }

  static drop(segment: string): void {
    rmSync(segment, { force: true });
  }
}
