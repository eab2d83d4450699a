import { ConflictError, type DocumentStore, type Versioned } from './ports.js';

/** For tests and throwaway runs: the same contract as the file store, nothing on disk. */
export class MemoryStore implements DocumentStore {
  private readonly docs = new Map<string, { json: string; etag: number }>();
  private counter = 0;

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    const doc = this.docs.get(key);
    return doc ? { value: JSON.parse(doc.json) as T, etag: String(doc.etag) } : undefined;
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const current = this.docs.get(key);
    if (ifMatch === null && current) throw new ConflictError(key);
    if (typeof ifMatch === 'string' && String(current?.etag) !== ifMatch) throw new ConflictError(key);
    const etag = ++this.counter;
    this.docs.set(key, { json: JSON.stringify(value), etag });
    return String(etag);
  }

  async list(prefix: string): Promise<string[]> {
    const head = prefix.endsWith('/') ? prefix : `${prefix}/`;
    return [...this.docs.keys()]
      .filter((k) => k.startsWith(head) && !k.slice(head.length).includes('/'))
      .map((k) => k.slice(head.length));
  }

  async remove(key: string): Promise<void> {
    this.docs.delete(key);
  }
}
