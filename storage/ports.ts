/**
 * The storage seam. Every adapter (lowdb files, memory, Azure Blob) implements this small interface; the
 * domain's repositories are written once on top of it. Keys are paths such as "drafts/<owner>/<id>".
 */
export interface Versioned<T> {
  value: T;
  /** Opaque version; pass it back to `write` to update only if nobody else did in between. */
  etag: string;
}

export interface DocumentStore {
  read<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes atomically. `ifMatch` undefined: unconditional; null: only if the key does not exist yet; a string:
   * only if the stored etag is still that one. Throws ConflictError otherwise. Returns the new etag.
   */
  write<T>(key: string, value: T, ifMatch?: string | null): Promise<string>;
  /** Keys directly under a folder-like prefix ("drafts/<owner>"), without the prefix. */
  list(prefix: string): Promise<string[]>;
  remove(key: string): Promise<void>;
  /** Finishes background work (the lowdb journal's copy into files) before the process exits. */
  close?(): Promise<void>;
}

export class ConflictError extends Error {
  constructor(readonly key: string) {
    super(`Document ${key} was changed by someone else`);
    this.name = 'ConflictError';
  }
}
