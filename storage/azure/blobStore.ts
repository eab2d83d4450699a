import { ContainerClient, RestError } from '@azure/storage-blob';
import {
  ConflictError,
  DamagedDocumentError,
  StoreUnavailableError,
  type DocumentStore,
  type OnDamaged,
  type Versioned,
} from '../ports.js';

const encode = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * Bounded calls: the client's defaults retry for ~16 s, past Teams' 15 s wait, which makes Teams deliver the
 * message again. A turn makes a few calls in a row, so each gets two tries of 2.5 s at most.
 */
export const RETRY = { maxTries: 2, tryTimeoutInMs: 2_500, retryDelayInMs: 200, maxRetryDelayInMs: 500 };

/** Anything but a definite answer from the service (a timeout, a reset, a 5xx) means "not available now". */
function unavailable(err: unknown, key: string): unknown {
  if (err instanceof RestError && err.statusCode !== undefined && err.statusCode < 500) return err;
  if (err instanceof ConflictError || err instanceof DamagedDocumentError) return err;
  return new StoreUnavailableError(key);
}

function isConflict(err: unknown): boolean {
  // 412: the blob changed since its etag was read; 409: it was created by someone else meanwhile.
  return err instanceof RestError && (err.statusCode === 412 || err.statusCode === 409);
}

/**
 * The scale-out store: one blob per document in an Azure Blob Storage container, with the blob's own ETag
 * as the version, so several bot instances can share drafts, the repository and the outbox safely.
 */
export class BlobStore implements DocumentStore {
  constructor(
    private readonly container: ContainerClient,
    private readonly onDamaged: OnDamaged = () => undefined,
  ) {}

  static async connect(
    connectionString: string,
    containerName: string,
    options: { onDamaged?: OnDamaged } = {},
  ): Promise<BlobStore> {
    const container = new ContainerClient(connectionString, containerName, { retryOptions: RETRY });
    await container.createIfNotExists();
    return new BlobStore(container, options.onDamaged);
  }

  async read<T>(key: string): Promise<Versioned<T> | undefined> {
    try {
      const res = await this.container.getBlockBlobClient(`${encode(key)}.json`).download();
      const chunks: Buffer[] = [];
      for await (const chunk of res.readableStreamBody ?? []) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      let value: T;
      try {
        value = JSON.parse(bytes.toString('utf8')) as T;
      } catch {
        return await this.setAside(key, bytes, res.etag);
      }
      return { value, etag: res.etag ?? '' };
    } catch (err) {
      if (err instanceof RestError && err.statusCode === 404) return undefined;
      throw unavailable(err, key);
    }
  }

  /** Kept under quarantine/ (never deleted), then removed if nobody rewrote it meanwhile: the key works again. */
  private async setAside(key: string, bytes: Buffer, etag: string | undefined): Promise<never> {
    const keptAt = `quarantine/${encode(key)}.${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    await this.container.getBlockBlobClient(keptAt).upload(bytes, bytes.length);
    try {
      await this.container
        .getBlockBlobClient(`${encode(key)}.json`)
        .delete(etag ? { conditions: { ifMatch: etag } } : {});
    } catch (err) {
      if (!(err instanceof RestError) || ![404, 412].includes(err.statusCode ?? 0)) throw err;
    }
    this.onDamaged({ key, path: `${encode(key)}.json`, keptAt, reason: 'not a stored document' });
    throw new DamagedDocumentError(key, keptAt);
  }

  async write<T>(key: string, value: T, ifMatch?: string | null): Promise<string> {
    const body = JSON.stringify(value);
    try {
      const res = await this.container.getBlockBlobClient(`${encode(key)}.json`).upload(body, Buffer.byteLength(body), {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        ...(ifMatch === null ? { conditions: { ifNoneMatch: '*' } } : ifMatch ? { conditions: { ifMatch } } : {}),
      });
      return res.etag ?? '';
    } catch (err) {
      if (isConflict(err)) throw new ConflictError(key);
      throw unavailable(err, key);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const head = `${encode(prefix.replace(/\/$/, ''))}/`;
    const out: string[] = [];
    try {
      for await (const item of this.container.listBlobsByHierarchy('/', { prefix: head })) {
        if (item.kind === 'blob' && item.name.endsWith('.json'))
          out.push(decodeURIComponent(item.name.slice(head.length, -5)));
      }
    } catch (err) {
      throw unavailable(err, prefix);
    }
    return out;
  }

  async listSetAside(prefix: string): Promise<string[]> {
    const head = `quarantine/${encode(prefix.replace(/\/$/, ''))}/`;
    const out = new Set<string>();
    for await (const item of this.container.listBlobsByHierarchy('/', { prefix: head })) {
      const m = item.kind === 'blob' ? /^(.+)\.[^.]+\.json$/.exec(item.name.slice(head.length)) : null;
      if (m) out.add(decodeURIComponent(m[1]!));
    }
    return [...out];
  }

  async remove(key: string): Promise<void> {
    try {
      await this.container.getBlockBlobClient(`${encode(key)}.json`).deleteIfExists();
    } catch (err) {
      throw unavailable(err, key);
    }
  }
}
