import { ContainerClient, RestError } from '@azure/storage-blob';
import type { Attachments } from '../../dialogs/core/ports.js';
import { RETRY } from '../azure/blobStore.js';
import { StoreUnavailableError } from '../ports.js';
import { attachmentPath } from './keys.js';

/**
 * Bytes per request. Each call gets RETRY's short server-side timeout (a turn must not outlast Teams' 15 s), so
 * a 20 MB file travels as 1 MiB blocks, a few at once, rather than as one request that timeout would cut off.
 */
const BLOCK = 1024 * 1024;
const CONCURRENCY = 4;
/**
 * A read that meets a new version between two of its blocks starts again, and so does a write whose staged blocks
 * another write of the same key discarded (its commit is refused as InvalidBlockList): this many tries in all.
 */
const TRIES = 3;

/** As the document store: a definite refusal (4xx) as it came; a timeout, a reset or a 5xx is "not available now". */
function unavailable(err: unknown, key: string): unknown {
  if (err instanceof RestError && err.statusCode !== undefined && err.statusCode < 500) return err;
  return new StoreUnavailableError(key);
}

const status = (err: unknown) => (err instanceof RestError ? err.statusCode : undefined);
const lostBlocks = (err: unknown) => err instanceof RestError && err.code === 'InvalidBlockList';

/**
 * Attached files as block blobs in the documents' container, under attachments/ (names as in the data folder).
 * A blob of several blocks is committed in one call, so a reader sees the old bytes or the new, never a mix.
 */
export class BlobAttachments implements Attachments {
  constructor(private readonly container: ContainerClient) {}

  /** The same account, container and bounded retries as BlobStore.connect. */
  static async connect(connectionString: string, containerName: string): Promise<BlobAttachments> {
    const container = new ContainerClient(connectionString, containerName, { retryOptions: RETRY });
    await container.createIfNotExists();
    return new BlobAttachments(container);
  }

  private blob(key: string) {
    return this.container.getBlockBlobClient(attachmentPath(key).join('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.blob(key).uploadData(bytes, {
          blockSize: BLOCK,
          maxSingleShotSize: BLOCK,
          concurrency: CONCURRENCY,
          blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
        });
        return;
      } catch (err) {
        if (lostBlocks(err) && attempt < TRIES) continue;
        throw unavailable(err, key);
      }
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const blob = this.blob(key);
    for (let attempt = 1; ; attempt++) {
      try {
        // Every block from the version whose size was read: 412 if it was overwritten meanwhile.
        const { contentLength, etag } = await blob.getProperties();
        const bytes = await blob.downloadToBuffer(0, contentLength, {
          blockSize: BLOCK,
          concurrency: CONCURRENCY,
          conditions: { ifMatch: etag },
        });
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        if (status(err) === 404) return undefined;
        if (status(err) === 412 && attempt < TRIES) continue;
        throw unavailable(err, key);
      }
    }
  }

  async remove(key: string): Promise<void> {
    try {
      await this.blob(key).deleteIfExists();
    } catch (err) {
      throw unavailable(err, key);
    }
  }
}
