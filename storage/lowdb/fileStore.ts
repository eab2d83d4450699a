import { mkdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TextFile, TextFileSync } from 'lowdb/node';
import { KeyedLock } from '../keyedLock.js';
import { ConflictError, type DocumentStore, type Versioned } from '../ports.js';
import { Journal, type JournalRecord } from './journal.js';

interface Envelope<T> {
  etag: string;
  value: T;
}

interface Entry {
  etag: string;
  json: string;
}

/** A change written to the journal and not yet copied into its document's file; `etag` null is a removal. */
type Change = JournalRecord;

// Reversible and safe on every file system: "29:1a" -> "29%3A1a"; "." and ".." can never walk out of the folder.
const encode = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/^\./, '%2E');
const decode = (name: string) => decodeURIComponent(name);

// lowdb's text adapters with the envelope written by hand: the value is serialised once, for the file, the
// journal and the cache alike, and compactly (pretty-printing every save cost CPU on every turn).
const envelope = (etag: string, json: string) => `{"etag":${JSON.stringify(etag)},"value":${json}}`;

const PATHS_KEPT = 10_000;
/** Files written at once while the journal is copied out. */
const COPY_CONCURRENCY = 4;

export interface OwnerOptions {
  /**
   * How often changes are copied from the journal into the documents' files (default 5 s: an official's
   * answers in that time cost one file write, and a killed process leaves at most that much to replay).
   */
  checkpointMs?: number;
  /** A journal segment this large is copied out at once. */
  segmentBytes?: number;
  cacheSize?: number;
  /** Told when a background copy fails (a full disk): the changes stay in the journal and are tried again. */
  onCopyError?: (err: unknown) => void;
}

/**
 * lowdb's file adapters, one small file per document: a turn's cost does not grow with the number of stored
 * practices and drafts, and a person can open any document with a text editor. Files are written by lowdb
 * (a temporary file renamed over the old one), so a file is always a whole version, never half of one.
 *
 * Two ways to open a folder:
 * - `LowdbFileStore.open(dir)`: the bot process, which owns the folder. Each write is one append to a
 *   write-ahead journal (storage/lowdb/journal.ts) before it is acknowledged; changes reach their files every
 *   `checkpointMs` (5 s), several writes of one draft in that time costing one file. Opening replays what a killed
 *   process left in the journal; `close()` copies everything out and leaves plain files.
 * - `new LowdbFileStore(dir)`: any other reader (tests, scripts). It writes files directly and reads what the
 *   owner left in the journal on top of the files, so it sees every acknowledged change.
 */
export class LowdbFileStore implements DocumentStore {
  private readonly lock = new KeyedLock();
  private readonly madeDirs = new Set<string>();
  /**
   * The documents this process read or wrote last, as JSON text (so no caller can alter a cached copy). One
   * process owns a folder (several instances use Azure Blob Storage), so its own writes keep the cache true and
   * a turn reads nothing from disk. Least recently used entries go first.
   */
  private readonly cache = new Map<string, Entry>();
  private readonly paths = new Map<string, string>();
  private seq = 0;
  private journal: Journal | undefined;
  /** By file path: changes in the current journal segment, and those of the segment being copied out. */
  private pending = new Map<string, Change>();
  private copying = new Map<string, Change>();
  private checkpointing: Promise<void> | undefined;
  /** Segments whose changes are not all in files yet: a copy failed, or is under way. */
  private readonly rotated: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private segmentBytes = 16 * 1024 * 1024;
  private onCopyError: (err: unknown) => void = () => undefined;

  /** `cacheSize` 0 makes a reader that always sees the folder as another process left it. */
  constructor(
    private readonly root: string,
    private cacheSize = 5_000,
  ) {}

  /** Opens the folder as its owner: replays a journal left by a process that was killed, then journals writes. */
  static open(root: string, options: OwnerOptions = {}): LowdbFileStore {
    const store = new LowdbFileStore(root, options.cacheSize);
    store.recover();
    store.journal = new Journal(root);
    store.segmentBytes = options.segmentBytes ?? store.segmentBytes;
    store.onCopyError = options.onCopyError ?? (() => undefined);
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

  private async load(path: string): Promise<Entry | undefined> {
    const change = this.journal ? this.unsaved(path) : this.overlay().get(path);
    if (change) return change.etag === null ? undefined : { etag: change.etag, json: change.json! };
    const hit = this.cache.get(path);
    if (hit) {
      this.remember(path, hit);
      return hit;
    }
    const text = await new TextFile(path).read();
    if (text === null) return undefined;
    const doc = JSON.parse(text) as Envelope<unknown>;
    const entry = { etag: doc.etag, json: JSON.stringify(doc.value) };
    this.remember(path, entry);
    return entry;
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const doc = await this.load(this.pathOf(key));
    return doc ? { value: JSON.parse(doc.json) as T, etag: doc.etag } : undefined;
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const path = this.pathOf(key);
    return this.lock.run(path, async () => {
      if (ifMatch !== undefined) {
        const current = await this.load(path);
        if (ifMatch === null ? current !== undefined : current?.etag !== ifMatch) throw new ConflictError(key);
      }
      const entry = { etag: `${Date.now().toString(36)}.${(++this.seq).toString(36)}`, json: JSON.stringify(value) };
      if (this.journal) {
        this.journal.append({ key, ...entry });
        this.pending.set(path, { key, ...entry });
        if (this.journal.size >= this.segmentBytes) void this.checkpoint().catch(this.onCopyError);
      } else this.writeFile(path, entry);
      this.remember(path, entry);
      return entry.etag;
    });
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
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const changes = this.journal ? [...this.copying, ...this.pending] : [...this.overlay()];
    for (const [path, change] of changes) {
      if (dirname(path) !== dir) continue;
      if (change.etag === null) names.delete(basename(path));
      else names.add(basename(path));
    }
    return [...names].map((n) => decode(n.slice(0, -5)));
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    await this.lock.run(path, async () => {
      this.cache.delete(path);
      if (this.journal) {
        this.journal.append({ key, etag: null });
        this.pending.set(path, { key, etag: null });
      } else await rm(path, { force: true });
    });
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
    const queue = this.copying.entries();
    const worker = async () => {
      for (let next = queue.next(); !next.done; next = queue.next()) await this.applyLater(...next.value);
    };
    const results = await Promise.allSettled(Array.from({ length: COPY_CONCURRENCY }, worker));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // The segments stay on disk (a start-up replays them) and their changes wait for the next checkpoint.
      for (const [path, change] of this.copying) if (!this.pending.has(path)) this.pending.set(path, change);
      this.copying = new Map();
      throw failed.reason;
    }
    this.copying = new Map();
    // Only now is every change of every segment rotated so far in a file (its own version or a newer one).
    // Dropping an older segment before then could let a replay put an old version over a newer file.
    for (const s of this.rotated.splice(0)) Journal.drop(s);
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

  /** At start-up nothing else runs yet: the plain synchronous way. */
  private apply(path: string, change: Change): void {
    if (change.etag === null) rmSync(path, { force: true });
    else this.writeFile(path, { etag: change.etag, json: change.json! });
  }

  /** Replays, in order, the segments a killed owner left, into the files; then they are no longer needed. */
  private recover(): void {
    const segments = Journal.segments(this.root);
    if (segments.length === 0) return;
    const last = new Map<string, Change>();
    for (const r of Journal.read(segments)) last.set(this.pathOf(r.key), r);
    for (const [path, change] of last) this.apply(path, change);
    for (const s of segments) Journal.drop(s);
  }

  /**
   * Stops the background copy and copies out what is left: the folder holds plain files again. The store then
   * reads and writes as a non-owner, without a cache: the folder may already belong to a new owner, and a late
   * write (a delivery that outlived the shutdown, releasing its claim) must reach the files, checked against
   * what that owner wrote.
   */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    while (this.checkpointing || this.pending.size > 0) await this.checkpoint();
    this.journal?.close();
    this.journal = undefined;
    this.cache.clear();
    this.cacheSize = 0;
  }
}
