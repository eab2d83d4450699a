import type { Attachments } from '../../dialogs/core/ports.js';

/** For tests: the same contract, nothing on disk. Bytes are copied in and out, so no caller can alter a stored file. */
export class MemoryAttachments implements Attachments {
  private readonly files = new Map<string, Uint8Array>();

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.files.set(key, new Uint8Array(bytes));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const bytes = this.files.get(key);
    return bytes && new Uint8Array(bytes);
  }

  async remove(key: string): Promise<void> {
    this.files.delete(key);
  }
}
