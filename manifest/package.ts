// Builds the Teams app package (manifest.json + localization files + icons, zipped)
// that an admin or developer uploads to Teams. Run directly: `tsx manifest/package.ts`.
import { mkdir, readFile, realpath, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { z } from 'zod';
import { colorIcon, outlineIcon } from './icons.js';
import { assertBotId, assertHostname, fillPlaceholders } from './placeholders.js';

export const PACKAGE_FILE_NAME = 'mesicic-bot.zip';

export interface AppPackageOptions {
  /** Microsoft App ID (GUID) of the Azure Bot registration; also used as the Teams app id. */
  botId: string;
  /** Public host name of the bot's messaging endpoint, e.g. "bot.example.org". */
  hostname: string;
  /** Folder to write the zip into; created if missing. */
  outDir: string;
}

const MANIFEST_DIR = new URL('./', import.meta.url);

// Only the parts of the manifest this builder needs to know about to collect files.
const PackagedFiles = z.object({
  icons: z.object({ color: z.string(), outline: z.string() }),
  localizationInfo: z
    .object({ additionalLanguages: z.array(z.object({ languageTag: z.string(), file: z.string() })).default([]) })
    .optional(),
});

// A fixed timestamp keeps the zip byte-for-byte reproducible for the same inputs.
const ZIP_DATE = new Date('2025-01-01T00:00:00Z');

/** Writes `outDir/mesicic-bot.zip` and returns its absolute path. */
export async function buildAppPackage({ botId, hostname, outDir }: AppPackageOptions): Promise<string> {
  assertBotId(botId);
  assertHostname(hostname);

  const template = await readFile(new URL('manifest.template.json', MANIFEST_DIR), 'utf8');
  const manifestText = fillPlaceholders(template, { BOT_ID: botId, APP_HOSTNAME: hostname });
  const manifest: unknown = JSON.parse(manifestText);
  const { icons, localizationInfo } = PackagedFiles.parse(manifest);

  const zip = new JSZip();
  const add = (name: string, content: string | Buffer): void => {
    zip.file(name, content, { date: ZIP_DATE });
  };
  add('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  add(icons.color, colorIcon());
  add(icons.outline, outlineIcon());
  for (const { file } of localizationInfo?.additionalLanguages ?? []) {
    const text = await readFile(new URL(file, MANIFEST_DIR), 'utf8');
    JSON.parse(text); // fail the build here rather than in Teams if a translation file is broken
    add(file, text);
  }

  const zipPath = resolve(outDir, PACKAGE_FILE_NAME);
  await mkdir(resolve(outDir), { recursive: true });
  await writeFile(zipPath, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return zipPath;
}

async function isRunDirectly(): Promise<boolean> {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  const [self, invoked] = await Promise.all([
    realpath(fileURLToPath(import.meta.url)),
    realpath(entry).catch(() => entry),
  ]);
  return pathToFileURL(self).href === pathToFileURL(invoked).href;
}

if (await isRunDirectly()) {
  // Standalone build CLI, not part of the bot: the only place here that reads the
  // environment. Defaults give a package that validates but points at nothing real.
  try {
    const zipPath = await buildAppPackage({
      botId: process.env.BOT_ID || '00000000-0000-0000-0000-000000000000',
      hostname: process.env.APP_HOSTNAME || 'localhost',
      outDir: join(fileURLToPath(MANIFEST_DIR), 'build'),
    });
    console.log(`Teams app package written to ${zipPath}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
