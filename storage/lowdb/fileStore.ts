import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JSONFile } from 'lowdb/node';
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

/**
 * lowdb's JSONFile adapter, one small file per document. lowdb writes through steno (a temporary file renamed
 * over the old one), so a process killed mid-write leaves the previous or the new version, never half of one.
 * One file per document keeps a turn's cost independent of how many practices and drafts are stored.
 */
export class LowdbFileStore implements DocumentStore {
  private readonly lock = new KeyedLock();
  private readonly madeDirs = new Set<string>();
  private seq = 0;

  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return join(this.root, ...key.split('/').map(encode)) + '.json';
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const doc = await new JSONFile<Envelope<T>>(this.pathOf(key)).read();
    return doc ? { value: doc.value, etag: doc.etag } : undefined;
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const path = this.pathOf(key);
    return this.lock.run(path, async () => {
      const file = new JSONFile<Envelope<T>>(path);
      if (ifMatch !== undefined) {
        const current = await file.read();
        if (ifMatch === null ? current !== null : current?.etag !== ifMatch) throw new ConflictError(key);
      }
      const dir = dirname(path);
      if (!this.madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      const etag = `${Date.now().toString(36)}.${(++this.seq).toString(36)}`;
      await file.write({ etag, value });
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
    await rm(this.pathOf(key), { force: true });
  }
}
