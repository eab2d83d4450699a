import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { errnoOf } from '../errno.js';

/** Damaged documents are moved here, under the same relative path, never deleted. Hidden from every listing. */
export const QUARANTINE_DIR = '.quarantine';

/** Keeps a damaged file's bytes under .quarantine/<its path>.<when>; returns where. */
export function keepAside(root: string, path: string, bytes: Buffer): string {
  const keptAt = join(
    root,
    QUARANTINE_DIR,
    `${relative(root, path)}.${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  mkdirSync(dirname(keptAt), { recursive: true });
  writeFileSync(keptAt, bytes);
  return keptAt;
}

/** The keys set aside under a folder (given as encoded path segments): "<encoded key>.json.<when>", each once. */
export async function setAsideUnder(
  root: string,
  segments: string[],
  decode: (name: string) => string,
): Promise<string[]> {
  const names = await readdir(join(root, QUARANTINE_DIR, ...segments)).catch((err: unknown) => {
    if (errnoOf(err) === 'ENOENT') return [] as string[];
    throw err;
  });
  return [
    ...new Set(
      names
        .map((n) => /^(.+)\.json\.[^.]+$/.exec(n)?.[1])
        .filter((n): n is string => !!n)
        .map(decode),
    ),
  ];
}
