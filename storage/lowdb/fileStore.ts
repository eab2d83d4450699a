import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, statfs } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TextFile, TextFileSync } from 'lowdb/node';
import { KeyedLock } from '../../dialogs/core/keyedLock.js';
import {
  ConflictError,
  DamagedDocumentError,
  ReadOnlyStoreError,
  type DocumentStore,
  type OnDamaged,
  type Versioned,
} from '../ports.js';
import { FolderLock } from './folderLock.js';
import { captured, flushFiles, inParallel, syncDir } from './durable.js';
import { Journal, type JournalRecord } from './journal.js';
import { keepAside, setAsideUnder } from './quarantine.js';
import { errnoOf } from '../errno.js';

export { QUARANTINE_DIR } from './quarantine.js';

interface Entry {
  etag: string;
  json: string;
}

/** A change written to the journal and not yet copied into its document's file; `etag` null is a removal. */
type Change = JournalRecord;

// Reversible and safe on every file system: "29:1a" -> "29%3A1a"; "." and ".." can never walk out of the folder.
const encode = (segment: string) =>
  encodeURIComponent(segment)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/^\./, '%2E');
const decode = (name: string) => decodeURIComponent(name);

// lowdb's text adapters with the envelope written by hand: the value is serialised once, for the file, the
// journal and the cache alike, and compactly (pretty-printing every save cost CPU on every turn).
const envelope = (etag: string, json: string) => `{"etag":${JSON.stringify(etag)},"value":${json}}`;

const PATHS_KEPT = 10_000;
/** Less free space than this and /health says so before writes start failing. */
const MIN_FREE_BYTES = 8 * 1024 * 1024;

const errCode = (err: unknown) => errnoOf(err) ?? 'unknown';

export interface OwnerOptions {
  /**
   * How often changes are copied from the journal into the documents' files (default 5 s: an official's
   * answers in that time cost one file write, and a killed process leaves at most that much to replay).
   */
  checkpointMs?: number;
  /** A journal segment this large is copied out at once. */
  segmentBytes?: number;
  cacheSize?: number;
  /** false: no journal, every write goes straight to its file (scripts that seed a folder, and tests). */
  journal?: boolean;
  /** false: acknowledge once the kernel has the change (survives a kill, not a power cut). Default true. */
  fsync?: boolean;
  /** How long to wait for another process to let go of the folder (an overlapping restart) before refusing. */
  lockWaitMs?: number;
  onLockWait?: (holder: { pid: number; host: string } | undefined) => void;
  /** Told when a background copy fails (a full disk): the changes stay in the journal and are tried again. */
  onCopyError?: (err: unknown) => void;
  onDamaged?: OnDamaged;
}

type Mode = 'journal' | 'direct' | 'reader';

/**
 * lowdb's file adapters, one small file per document: a turn's cost does not grow with the number of stored
 * practices and drafts, and a person can open any document with a text editor. Files are written by lowdb
 * (a temporary file renamed over the old one), so a file is always a whole version, never half of one.
 *
 * Two ways to open a folder:
 * - `await LowdbFileStore.open(dir)`: the one process that owns the folder (a lock file, storage/lowdb/folderLock.ts;
 *   a second owner is refused). Each write is one append to a write-ahead journal (storage/lowdb/journal.ts),
 *   flushed to stable storage before it is acknowledged; changes reach their files every `checkpointMs` (5 s).
 *   Opening replays what a killed process left in the journal; `close()` copies everything out, leaves plain
 *   files and lets go of the folder.
 * - `LowdbFileStore.reader(dir)`: anyone else (tests, scripts, a second process). Read-only, no cache: it reads
 *   the owner's journal on top of the files at every call, so it always sees the latest acknowledged state.
 */
export class LowdbFileStore implements DocumentStore {
  private readonly lock = new KeyedLock();
  private readonly madeDirs = new Set<string>();
  /**
   * The documents this process read or wrote last, as JSON text (so no caller can alter a cached copy). The
   * owner's own writes keep it true, so a turn reads nothing from disk. Least recently used entries go first.
   */
  private readonly cache = new Map<string, Entry>();
  private readonly paths = new Map<string, string>();
  private seq = 0;
  private journal: Journal | undefined;
  private folderLock: FolderLock | undefined;
  /** By file path: changes in the current journal segment, and those of the segment being copied out. */
  private pending = new Map<string, Change>();
  private copying = new Map<string, Change>();
  private checkpointing: Promise<void> | undefined;
  /** Segments whose changes are not all in files yet: a copy failed, or is under way. */
  private readonly rotated: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private segmentBytes = 16 * 1024 * 1024;
  private fsync = true;
  private onCopyError: (err: unknown) => void = () => undefined;
  private onDamaged: OnDamaged = () => undefined;
  /** The last write or copy that failed, until one succeeds: what /health reports. */
  private writeFailure: string | undefined;
  private copyFailure: string | undefined;

  private constructor(
    private readonly root: string,
    private mode: Mode,
    private cacheSize: number,
  ) {}

  /** A read-only view of a folder that another process may own: always what was last acknowledged. */
  static reader(root: string, options: { onDamaged?: OnDamaged } = {}): LowdbFileStore {
    const store = new LowdbFileStore(root, 'reader', 0);
    store.onDamaged = options.onDamaged ?? store.onDamaged;
    return store;
  }

  /** Opens the folder as its only owner: takes its lock, replays a journal left by a killed process, then journals writes. */
  static async open(root: string, options: OwnerOptions = {}): Promise<LowdbFileStore> {
    const folderLock = await FolderLock.acquire(root, { waitMs: options.lockWaitMs ?? 0, onWait: options.onLockWait });
    const journaled = options.journal ?? true;
    const store = new LowdbFileStore(root, journaled ? 'journal' : 'direct', options.cacheSize ?? 5_000);
    store.folderLock = folderLock;
    store.fsync = options.fsync ?? true;
    store.onDamaged = options.onDamaged ?? store.onDamaged;
    store.onCopyError = options.onCopyError ?? store.onCopyError;
    try {
      await store.recover();
    } catch (err) {
      folderLock.release();
      throw err;
    }
    if (!journaled) return store;
    store.journal = new Journal(root, { fsync: store.fsync });
    store.segmentBytes = options.segmentBytes ?? store.segmentBytes;
    store.timer = setInterval(() => void store.checkpoint().catch(store.onCopyError), options.checkpointMs ?? 5_000);
    store.timer.unref();
    return store;
  }

  private remember(path: string, entry: Entry): void {
    this.cache.delete(path);
    if (this.cacheSize <= 0) return;
    this.cache.set(path, entry);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  /** Key to file path, remembered: a turn asks for the same few paths several times. */
  private pathOf(key: string): string {
    let path = this.paths.get(key);
    if (path === undefined) {
      path = join(this.root, ...key.split('/').map(encode)) + '.json';
      if (this.paths.size >= PATHS_KEPT) this.paths.clear();
      this.paths.set(key, path);
    }
    return path;
  }

  /** What the owner's journal says of a key, for a reader that is not the owner: the last change wins. */
  private overlay(): Map<string, Change> {
    const out = new Map<string, Change>();
    for (const r of Journal.read(Journal.segments(this.root))) out.set(this.pathOf(r.key), r);
    return out;
  }

  private unsaved(path: string): Change | undefined {
    return this.pending.get(path) ?? this.copying.get(path);
  }

  private async load(key: string, path: string): Promise<Entry | undefined> {
    const change = this.mode === 'reader' ? this.overlay().get(path) : this.unsaved(path);
    if (change) return change.etag === null ? undefined : { etag: change.etag, json: change.json! };
    const hit = this.cache.get(path);
    if (hit) {
      this.remember(path, hit);
      return hit;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if (errCode(err) === 'ENOENT') return undefined;
      throw err;
    }
    const entry = parseEnvelope(bytes.toString('utf8'));
    if (!entry) return this.setAside(key, path, bytes);
    this.remember(path, entry);
    return entry;
  }

  /**
   * A file that is not a whole document (cut short, edited by hand, bytes of something else): the owner keeps a
   * copy under .quarantine/ and takes it out of the way, so that this key works again; the error names the key only.
   */
  private setAside(key: string, path: string, bytes: Buffer): never {
    const reason = bytes.length === 0 ? 'empty file' : 'not a stored document';
    if (this.mode === 'reader') {
      this.onDamaged({ key, path, reason });
      throw new DamagedDocumentError(key);
    }
    const keptAt = keepAside(this.root, path, bytes);
    // Synchronous from the check to the removal, so no copy-out can put a new version in between unnoticed.
    let same: boolean;
    try {
      same = readFileSync(path).equals(bytes);
    } catch {
      same = false;
    }
    if (same && !this.unsaved(path)) rmSync(path, { force: true });
    this.cache.delete(path);
    this.onDamaged({ key, path, keptAt, reason });
    throw new DamagedDocumentError(key, keptAt);
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const path = this.pathOf(key);
    const doc = await this.load(key, path);
    if (!doc) return undefined;
    return { value: JSON.parse(doc.json) as T, etag: doc.etag };
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    if (this.mode === 'reader') throw new ReadOnlyStoreError(key);
    const path = this.pathOf(key);
    return this.lock.run(path, async () => {
      if (ifMatch !== undefined) {
        const current = await this.load(key, path);
        if (ifMatch === null ? current !== undefined : current?.etag !== ifMatch) throw new ConflictError(key);
      }
      const entry = { etag: `${Date.now().toString(36)}.${(++this.seq).toString(36)}`, json: JSON.stringify(value) };
      if (this.journal) {
        // Not in the journal whole: not acknowledged, and nothing of it is remembered.
        this.failing(() => this.journal!.append({ key, ...entry }));
        this.pending.set(path, { key, ...entry });
        this.remember(path, entry);
        if (this.journal.size >= this.segmentBytes) void this.checkpoint().catch(this.onCopyError);
        await this.failingAsync(this.journal.flush());
      } else {
        this.failing(() => this.writeFile(path, entry));
        if (this.fsync) await this.failingAsync(flushFiles([path]));
        this.remember(path, entry);
      }
      this.writeFailure = undefined;
      return entry.etag;
    });
  }

  private failing(task: () => void): void {
    try {
      task();
    } catch (err) {
      this.writeFailure = errCode(err);
      throw err;
    }
  }

  private async failingAsync(task: Promise<void>): Promise<void> {
    try {
      await task;
    } catch (err) {
      this.writeFailure = errCode(err);
      throw err;
    }
  }

  /**
   * The synchronous adapter: for a file of a few KB it costs a fraction of the CPU the asynchronous one spends
   * handing each of its four steps to libuv's thread pool, and blocks about as long as a page-cache write.
   */
  private writeFile(path: string, entry: Entry): void {
    const dir = dirname(path);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    new TextFileSync(path).write(envelope(entry.etag, entry.json));
  }

  async list(prefix: string): Promise<string[]> {
    const dir = join(this.root, ...prefix.split('/').filter(Boolean).map(encode));
    const names = new Set<string>();
    try {
      // lowdb's temporary files start with a dot; they are never documents.
      for (const n of await readdir(dir)) if (n.endsWith('.json') && !n.startsWith('.')) names.add(n);
    } catch (err) {
      if (errCode(err) !== 'ENOENT') throw err;
    }
    const changes = this.mode === 'reader' ? [...this.overlay()] : [...this.copying, ...this.pending];
    for (const [path, change] of changes) {
      if (dirname(path) !== dir) continue;
      if (change.etag === null) names.delete(basename(path));
      else names.add(basename(path));
    }
    return [...names].map((n) => decode(n.slice(0, -5)));
  }

  listSetAside(prefix: string): Promise<string[]> {
    return setAsideUnder(this.root, prefix.split('/').filter(Boolean).map(encode), decode);
  }

  async remove(key: string): Promise<void> {
    if (this.mode === 'reader') throw new ReadOnlyStoreError(key);
    const path = this.pathOf(key);
    await this.lock.run(path, async () => {
      this.cache.delete(path);
      if (this.journal) {
        this.failing(() => this.journal!.append({ key, etag: null }));
        this.pending.set(path, { key, etag: null });
        await this.failingAsync(this.journal.flush());
      } else {
        await rm(path, { force: true });
        if (this.fsync) syncDir(dirname(path));
      }
    });
  }

  async problems(): Promise<string[]> {
    const out: string[] = [];
    if (this.writeFailure)
      out.push(
        this.writeFailure === 'ENOSPC' ? 'store: disk full, answers cannot be saved' : 'store: answers cannot be saved',
      );
    if (this.copyFailure) out.push('store: the journal cannot be copied into the data files');
    try {
      const s = await statfs(this.root);
      if (s.bavail * s.bsize < MIN_FREE_BYTES && !this.writeFailure) out.push('store: disk almost full');
    } catch {
      out.push('store: data folder not reachable');
    }
    return out;
  }

  /** Copies the journal's changes into their files, then drops the segment that held them. */
  checkpoint(): Promise<void> {
    if (this.checkpointing) return this.checkpointing;
    if (!this.journal || this.pending.size === 0) return Promise.resolve();
    this.checkpointing = this.copyOut().finally(() => (this.checkpointing = undefined));
    return this.checkpointing;
  }

  private async copyOut(): Promise<void> {
    const segment = this.journal!.rotate();
    if (segment) this.rotated.push(segment);
    this.copying = this.pending;
    this.pending = new Map();
    // lowdb's asynchronous adapter, a few files at a time: the copy runs beside the turns instead of blocking
    // them (a few hundred synchronous writes every 5 s showed as p99 latency). What is being copied is still
    // read from `copying`.
    const failed = await inParallel([...this.copying], ([path, change]) => this.applyLater(path, change));
    const flushed = failed ?? (this.fsync ? await captured(flushFiles([...this.copying.keys()])) : undefined);
    if (flushed !== undefined) {
      // The segments stay on disk (a start-up replays them) and their changes wait for the next checkpoint.
      for (const [path, change] of this.copying) if (!this.pending.has(path)) this.pending.set(path, change);
      this.copying = new Map();
      this.copyFailure = errCode(flushed);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a copy or a flush threw, as it threw it
      throw flushed;
    }
    this.copying = new Map();
    this.copyFailure = undefined;
    // Only now is every change of every segment rotated so far in a file (its own version or a newer one), on
    // stable storage. Dropping an older segment before then could let a replay put an old version over a newer file.
    this.dropSegments(this.rotated.splice(0));
  }

  private dropSegments(segments: string[]): void {
    for (const s of segments) Journal.drop(s);
    // A dropped segment that came back after a power cut would replay old versions over newer files.
    if (segments.length > 0 && this.fsync) syncDir(dirname(segments[0]!));
  }

  private async applyLater(path: string, change: Change): Promise<void> {
    if (change.etag === null) return rm(path, { force: true });
    const dir = dirname(path);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    await new TextFile(path).write(envelope(change.etag, change.json!));
  }

  /** Replays, in order, the segments a killed owner left, into the files; then they are no longer needed. */
  private async recover(): Promise<void> {
    const segments = Journal.segments(this.root);
    if (segments.length === 0) return;
    const last = new Map<string, Change>();
    for (const r of Journal.read(segments)) last.set(this.pathOf(r.key), r);
    for (const [path, change] of last) {
      if (change.etag === null) rmSync(path, { force: true });
      else this.writeFile(path, { etag: change.etag, json: change.json! });
    }
    if (this.fsync) await flushFiles([...last.keys()]);
    this.dropSegments(segments);
  }

  /**
   * Stops the background copy and copies out what is left: the folder holds plain files again, and its lock is
   * released. Afterwards the store is read-only: the folder may already belong to a new owner.
   */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.checkpointing || this.pending.size > 0) await this.checkpoint();
    await this.journal?.close();
    this.journal = undefined;
    this.cache.clear();
    this.cacheSize = 0;
    this.mode = 'reader';
    this.folderLock?.release();
    this.folderLock = undefined;
  }
}

function parseEnvelope(text: string): Entry | undefined {
  try {
    const doc = JSON.parse(text) as { etag?: unknown; value?: unknown };
    if (typeof doc !== 'object' || doc === null || typeof doc.etag !== 'string' || !('value' in doc)) return undefined;
    return { etag: doc.etag, json: JSON.stringify(doc.value) };
  } catch {
    return undefined;
  }
}
