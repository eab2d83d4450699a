import { inflateRawSync } from 'node:zlib';
import { DocumentRefused } from './refused.js';
import type { ZipEntry } from './zipDirectory.js';

/**
 * An entry's bytes, inflated with its declared size as the cap: zipCheck's limits trusted the declared sizes, so
 * an entry that would inflate past its own is a bomb (`zipBomb`, stopped at the cap), and a broken deflate stream
 * or a short one is a damaged file (`unreadable`).
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset + entry.dataOffset, entry.compressedSize);
  if (entry.method === 0) return data;
  let out: Buffer;
  try {
    // maxOutputLength must be at least 1; an empty entry inflates to nothing either way.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (err) {
    if (err instanceof RangeError) throw new DocumentRefused('zipBomb', { entry: entry.name, problem: 'size lies' });
    throw new DocumentRefused('unreadable', { entry: entry.name });
  }
  if (out.length !== entry.uncompressedSize) throw new DocumentRefused('unreadable', { entry: entry.name });
  return out;
}
