/**
 * `npm run build` into another folder, for the build test and the bench: the same tsc config and the same asset
 * copy, so what they start is what `npm start` runs, without touching dist/ (which a running bot may be using).
 * The folder may be anywhere: it gets a link to the repository's node_modules and a package.json that makes its
 * .js files ES modules, as the repository's own package.json does for dist/.
 */
import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { copyAssets } from './copyAssets.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILD_CONFIG = join(ROOT, 'bot', 'compile', 'tsconfig.build.json');

export async function buildInto(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', BUILD_CONFIG, '--outDir', outDir], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    // tsc prints its errors on stdout, which execFile's message leaves out.
    const out = (err as { stdout?: string }).stdout ?? '';
    throw new Error(`tsc -p bot/compile/tsconfig.build.json failed:\n${out}`, { cause: err });
  }
  copyAssets(ROOT, outDir);
  await writeFile(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  await symlink(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}
