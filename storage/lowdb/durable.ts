import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errnoOf } from '../errno.js';

/*
 * Flushing to stable storage: what "Saved ✓" survives a power cut on. fdatasync on a file makes its bytes
 * durable; fsync on its folder makes a created or renamed name durable.
 */

/** Files written (or flushed) at once. */
export const CONCURRENCY = 4;

/** fsync a directory, so that a file created or renamed in it keeps its name after a power cut. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    // Some file systems refuse fsync on a directory; they order metadata themselves.
    if (!['EINVAL', 'EISDIR', 'EPERM'].includes(errnoOf(err) ?? '')) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Runs `task` over the items a few at a time; resolves with the first failure, if any, once all have settled. */
export async function inParallel<T>(items: T[], task: (item: T) => Promise<void>): Promise<unknown> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failure;
}

export async function captured(task: Promise<void>): Promise<unknown> {
  try {
    await task;
    return undefined;
  } catch (err) {
    return err ?? new Error('flush failed');
  }
}

/** fdatasync each file that still exists, then each of their folders (for the renames). */
export async function flushFiles(paths: string[]): Promise<void> {
  const failure = await inParallel(paths, async (path) => {
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      if (errnoOf(err) === 'ENOENT') return;
      throw err;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  });
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what a flush threw, as it threw it
  if (failure !== undefined) throw failure;
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    try {
      syncDir(dir);
    } catch (err) {
      if (errnoOf(err) !== 'ENOENT') throw err;
    }
  }
}
