import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TextFile } from 'lowdb/node';
import { KeyedLock } from '../keyedLock.js';
import { ConflictError, type DocumentStore, type Versioned } from '../ports.js';

interface Envelope<T> {
  etag: string;
  value: T;
}

// Reversible and safe on every file system: "29:1a" -> "29%3A1a"; "." and ".." can never walk out of the folder.
const encode = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/^\./, '%2E');
const decode = (name: string) => decodeURIComponent(name);

// lowdb's TextFile (steno underneath) with the envelope written by hand: the value is serialised once, for the
// file and the cache alike, and compactly (pretty-printing every save cost CPU on every turn).
const file = (path: string) => new TextFile(path);
const envelope = (etag: string, json: string) => `{"etag":${JSON.stringify(etag)},"value":${json}}`;

/**
 * lowdb's file adapter, one small file per document. lowdb writes through steno (a temporary file renamed
 * over the old one), so a process killed mid-write leaves the previous or the new version, never half of one.
 * One file per document keeps a turn's cost independent of how many practices and drafts are stored.
 */
export class LowdbFileStore implements DocumentStore {
  private readonly lock = new KeyedLock();
  private readonly madeDirs = new Set<string>();
  /**
   * The documents this process read or wrote last, as JSON text (so no caller can alter a cached copy). The
   * lowdb store serves one bot instance (several instances use Azure Blob Storage), so its own writes keep
   * the cache true; a turn then reads nothing from disk. Least recently used entries go first.
   */
  private readonly cache = new Map<string, { etag: string; json: string }>();
  private seq = 0;

  /** `cacheSize` 0 makes a reader that always sees the files as another process left them. */
  constructor(
    private readonly root: string,
    private readonly cacheSize = 5_000,
  ) {}

  private remember(path: string, etag: string, json: string): void {
    this.cache.delete(path);
    this.cache.set(path, { etag, json });
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async load<T>(path: string): Promise<{ etag: string; json: string } | undefined> {
    const hit = this.cache.get(path);
    if (hit) {
      this.remember(path, hit.etag, hit.json);
      return hit;
    }
    const text = await file(path).read();
    if (text === null) return undefined;
    const doc = JSON.parse(text) as Envelope<T>;
    const entry = { etag: doc.etag, json: JSON.stringify(doc.value) };
    this.remember(path, entry.etag, entry.json);
    return entry;
  }

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/').map(encode)) + '.json';
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const doc = await this.load<T>(this.pathOf(key));
    return doc ? { value: JSON.parse(doc.json) as T, etag: doc.etag } : undefined;
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const path = this.pathOf(key);
    return this.lock.run(path, async () => {
      if (ifMatch !== undefined) {
        const current = await this.load<T>(path);
        if (ifMatch === null ? current !== undefined : current?.etag !== ifMatch) throw new ConflictError(key);
      }
      const dir = dirname(path);
      if (!this.madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      const etag = `${Date.now().toString(36)}.${(++this.seq).toString(36)}`;
      const json = JSON.stringify(value);
      await file(path).write(envelope(etag, json));
      this.remember(path, etag, json);
      return etag;
    });
  }

  async list(prefix: string): Promise<string[]> {
    const dir = join(this.root, ...prefix.split('/').filter(Boolean).map(encode));
    try {
      const names = await readdir(dir);
      // steno's temporary files start with a dot; they are never documents.
      return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => decode(n.slice(0, -5)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    await this.lock.run(path, async () => {
      this.cache.delete(path);
      await rm(path, { force: true });
    });
  }
}
