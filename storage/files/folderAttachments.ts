import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Attachments } from '../../dialogs/core/ports.js';
import { errnoOf } from '../errno.js';
import { syncDir } from '../lowdb/durable.js';
import { ATTACHMENTS_DIR, attachmentPath } from './keys.js';

/** Temporary names start with a dot, which no encoded key does, so one is never mistaken for a file. */
const TEMP = /^\.[0-9a-f-]{36}\.tmp$/;
/** A temporary file untouched this long was left by a process that died mid-write: no live write is that slow. */
const ABANDONED_MS = 60 * 60 * 1000;

/**
 * Attached files as raw bytes under <data folder>/attachments/, one file per key, beside the documents (whose
 * store lists only ".json" names in its own folders, so it never meets these). A file appears under its name only
 * whole: written to a temporary file in the same folder, flushed, renamed over, and the folder flushed.
 */
export class FolderAttachments implements Attachments {
  constructor(
    private readonly dataDir: string,
    /** false (DATA_FSYNC=false): done once the kernel has the bytes; survives a kill, not a power cut. */
    private readonly options: { fsync: boolean } = { fsync: true },
  ) {}

  private pathOf(key: string): string {
    return join(this.dataDir, ...attachmentPath(key));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    const dir = dirname(path);
    await this.makeDir(dir);
    const temp = join(dir, `.${randomUUID()}.tmp`);
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        if (this.options.fsync) await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (err) {
      // A full disk: nothing under the final name (the rename never ran), and no temporary file left behind.
      // If even that fails, the error to report is still the write's; sweep() takes the file later.
      await rm(temp, { force: true }).catch(() => undefined);
      throw err;
    }
    if (this.options.fsync) syncDir(dir);
  }

  /** Creates the key's folders; each new one is flushed into its parent, or a power cut could lose the file's path. */
  private async makeDir(dir: string): Promise<void> {
    const first = await mkdir(dir, { recursive: true });
    if (first === undefined || !this.options.fsync) return;
    const created = relative(dirname(first), dir).split(/[\\/]/);
    for (let i = 0; i < created.length; i++) syncDir(join(dirname(first), ...created.slice(0, i)));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const bytes = await readFile(this.pathOf(key));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await rm(path);
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw err;
    }
    if (this.options.fsync) syncDir(dirname(path));
  }

  /** Removes temporary files left by a process killed mid-write (at start-up); returns how many. */
  async sweep(): Promise<number> {
    const root = join(this.dataDir, ATTACHMENTS_DIR);
    let names: string[];
    try {
      names = await readdir(root, { recursive: true });
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(root, name);
      if (!TEMP.test(name.split(/[\\/]/).pop()!)) continue;
      const info = await stat(path).catch(() => undefined);
      if (!info || Date.now() - info.mtimeMs < ABANDONED_MS) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }
}
