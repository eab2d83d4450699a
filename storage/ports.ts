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
  /**
   * Throws DamagedDocumentError when the stored document cannot be read back (a file cut short, edited by
   * hand); the owner has then moved it aside, so the next read finds nothing and the caller can start again.
   */
  read<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes atomically and durably: once it returns, the change survives the process being killed (and, where
   * the adapter says so, a power cut). `ifMatch` undefined: unconditional; null: only if the key does not exist
   * yet; a string: only if the stored etag is still that one. Throws ConflictError otherwise. Returns the new etag.
   */
  write<T>(key: string, value: T, ifMatch?: string | null): Promise<string>;
  /** Keys directly under a folder-like prefix ("drafts/<owner>"), without the prefix. */
  list(prefix: string): Promise<string[]>;
  remove(key: string): Promise<void>;
  /** Keys under a prefix whose damaged documents were set aside: still taken, e.g. for reference numbers. */
  listSetAside?(prefix: string): Promise<string[]>;
  /** Short, fixed reasons the store cannot do its job right now (disk full, writes failing); empty when healthy. */
  problems?(): Promise<string[]>;
  /** Finishes background work (the lowdb journal's copy into files) and lets go of the folder. */
  close?(): Promise<void>;
}

// The domain's errors: every adapter throws these, and the domain catches them (dialogs/core/ports.ts).
export { ConflictError, DamagedDocumentError } from '../dialogs/core/ports.js';

/** The storage service did not answer in time or refused the call: nothing was written; try again later. */
export class StoreUnavailableError extends Error {
  constructor(readonly key: string) {
    super(`Storage did not answer for ${key}`);
    this.name = 'StoreUnavailableError';
  }
}

/** A store opened only to read (a script, a test, a second process beside the owner) was asked to write. */
export class ReadOnlyStoreError extends Error {
  constructor(readonly key: string) {
    super(`This store is read-only; ${key} was not written`);
    this.name = 'ReadOnlyStoreError';
  }
}

/** Told when a damaged document is found: where it was and where it was kept. Never its content. */
export type OnDamaged = (info: { key: string; path: string; keptAt?: string; reason: string }) => void;
