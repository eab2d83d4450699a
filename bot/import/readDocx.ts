import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import { DEFAULT_WORKER_LIMITS, readInWorker, type WorkerLimits } from './inWorker.js';
import { DocumentRefused } from './refused.js';
import { sniff } from './sniff.js';
import { Slots } from './slots.js';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zipCheck.js';

/** Two documents read at once (each worker may take ~224 MB); a third waits for one of them. */
const READERS = new Slots(2);

export type ReadLimits = ZipLimits & WorkerLimits;
export const DEFAULT_READ_LIMITS: ReadLimits = { ...DEFAULT_ZIP_LIMITS, ...DEFAULT_WORKER_LIMITS };

/**
 * An uploaded file, untrusted, as the importer's blocks, or a `DocumentRefused` saying why not. Cheapest first:
 * the first bytes (sniff), then the ZIP's directory (checkZip, milliseconds even on a bomb), and only a file that
 * passes both is parsed, in a worker with memory and time limits.
 */
export async function readDocument(bytes: Uint8Array, limits: Partial<ReadLimits> = {}): Promise<SourceBlock[]> {
  const all = { ...DEFAULT_READ_LIMITS, ...limits };
  const kind = sniff(bytes);
  if (kind !== 'zip') throw new DocumentRefused(kind);
  checkZip(bytes, all);
  const blocks = await READERS.run(() => readInWorker(bytes, all));
  if (!blocks.some((b) => /\S/.test(b.text))) throw new DocumentRefused('empty');
  return blocks;
}
