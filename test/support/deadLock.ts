import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../../storage/lowdb/folderLock.js';

/** The pid of a process that has already exited: what a lock left by a SIGKILL names. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid;
}

/**
 * Makes the folder's lock look like one left by a process that was killed, so an in-process test can open
 * the folder again without closing the store that "died" (its journal is left as a kill would leave it).
 */
export async function leftByKilledProcess(dir: string): Promise<void> {
  await writeFile(
    join(dir, LOCK_FILE),
    JSON.stringify({ pid: deadPid(), host: hostname(), since: new Date().toISOString(), token: 'killed' }),
  );
}
