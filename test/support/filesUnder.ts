import { readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Every file under a folder, relative, with '/' separators: what a test expects a store to have left there. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(dir.length + 1)
        .split(sep)
        .join('/'),
    );
}
