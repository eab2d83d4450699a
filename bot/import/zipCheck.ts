import { DocumentRefused } from './refused.js';
import { readZipDirectory, type ZipEntry } from './zipDirectory.js';
import { inflateEntry } from './zipEntry.js';

export interface ZipLimits {
  maxEntries: number;
  /** The sum of the entries' declared uncompressed sizes. */
  maxTotalUncompressed: number;
  /** Any one entry: the reader holds a part as one string, and a long one is a large single allocation. */
  maxEntrySize: number;
  /** Uncompressed over compressed, for any entry larger than `ratioFloor`. */
  maxRatio: number;
  /** Small entries (XML of a few KB) compress very well and cannot hurt: their ratio is not checked. */
  ratioFloor: number;
}

/**
 * A real filled-in template has a few dozen entries and inflates to a few MB; XML compresses 5 to 50 times (50
 * measured on 50,000 near-identical paragraphs), zeros about 1000. These leave a wide margin and stop a bomb before the reader's
 * memory limit has to: a worker that runs out of heap is usually stopped cleanly, but not always (nodejs/node#47224),
 * and a document.xml over about 10 MB does not fit the worker's 192 MB anyway (measured: 13 MB of paragraphs
 * runs out).
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 1000,
  maxTotalUncompressed: 64 * 1024 * 1024,
  maxEntrySize: 16 * 1024 * 1024,
  maxRatio: 200,
  ratioFloor: 64 * 1024,
};

const MAX_CONTENT_TYPES = 1024 * 1024;
/** The parts every .docx has. */
const REQUIRED = ['[Content_Types].xml', 'word/document.xml'];

/**
 * Refuses a ZIP that is not a plain .docx, from its directory alone (one small entry is inflated: the content
 * types), so a bomb costs milliseconds and never reaches the reader. The worker later checks that each entry
 * inflates to no more than its declared size, which is what makes these declared sizes binding.
 */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const entries = readZipDirectory(bytes);
  if (entries.length > limits.maxEntries) throw new DocumentRefused('zipBomb', { entries: entries.length });
  // Bit 0 is ZIP encryption, method 99 WinZip's AES: either way the content cannot be read.
  if (entries.some((e) => (e.flags & 1) !== 0 || e.method === 99)) throw new DocumentRefused('encrypted');
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > limits.maxTotalUncompressed) throw new DocumentRefused('zipBomb', { uncompressed: total });
  const huge = entries.find((e) => e.uncompressedSize > limits.maxEntrySize);
  if (huge) throw new DocumentRefused('zipBomb', { entry: huge.name, uncompressed: huge.uncompressedSize });
  for (const e of entries)
    if (e.uncompressedSize > limits.ratioFloor && e.uncompressedSize > limits.maxRatio * e.compressedSize)
      throw new DocumentRefused('zipBomb', { entry: e.name, ratio: Math.round(e.uncompressedSize / e.compressedSize) });
  const odd = entries.find((e) => e.method !== 0 && e.method !== 8);
  if (odd) throw new DocumentRefused('unreadable', { entry: odd.name, method: odd.method });

  const byName = new Map(entries.map((e) => [e.name, e]));
  if (!REQUIRED.every((name) => byName.has(name)))
    throw new DocumentRefused('notDocx', { problem: 'no document part' });
  if (entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name)))
    throw new DocumentRefused('macroEnabled', { entry: 'vbaProject.bin' });
  // A .docm or .dotm says so in its main part's content type (…document.macroEnabled.main+xml).
  if (/macroEnabled/i.test(entryText(bytes, byName.get('[Content_Types].xml')!)))
    throw new DocumentRefused('macroEnabled', { entry: '[Content_Types].xml' });
  return entries;
}

/** One small entry's text, inflated with its declared size as the cap. */
function entryText(bytes: Uint8Array, entry: ZipEntry): string {
  if (entry.uncompressedSize > MAX_CONTENT_TYPES) throw new DocumentRefused('zipBomb', { entry: entry.name });
  return inflateEntry(bytes, entry).toString('utf8');
}
