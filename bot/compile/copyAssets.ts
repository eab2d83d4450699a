/**
 * The second half of `npm run build`, after tsc: copies the files the code reads from disk next to itself
 * (card templates, locales, the tab's page and script, the reference lists) from bot/, dialogs/ and storage/ into
 * the build at the same relative paths, so every `new URL('./…', import.meta.url)` finds them in both layouts.
 * Everything that is not TypeScript is copied, so a new asset needs no change here.
 *
 * It runs compiled, from the build it fills (no tsx at install): `node dist/bot/compile/copyAssets.js [source root]`;
 * the source root defaults to the current folder (npm runs scripts at the package's root).
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['bot', 'dialogs', 'storage'];
/** Source-tree only: this folder (the build's own config) and the worker entries that register tsx (offThread.ts). */
const SKIP = new Set([
  join('bot', 'compile'),
  join('bot', 'export', 'compileWorker.mjs'),
  join('bot', 'import', 'readWorker.mjs'),
]);

export function copyAssets(sourceRoot: string, outDir: string): string[] {
  const copied: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(sourceRoot, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // Dot files (editor and OS litter) are not assets.
      if (entry.name.startsWith('.') || SKIP.has(path)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.ts')) {
        mkdirSync(join(outDir, dir), { recursive: true });
        copyFileSync(join(sourceRoot, path), join(outDir, path));
        copied.push(path.split(sep).join('/'));
      }
    }
  };
  for (const folder of FOLDERS) walk(folder);
  return copied;
}

// Run as a program (the build script), not imported.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sourceRoot = resolve(process.argv[2] ?? '.');
  const outDir = fileURLToPath(new URL('../../', import.meta.url));
  const copied = copyAssets(sourceRoot, outDir);
  console.log(
    `copied ${copied.length} files from ${FOLDERS.join('/, ')}/ into ${relative(sourceRoot, outDir) || outDir}`,
  );
}
