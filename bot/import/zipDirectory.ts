import { DocumentRefused } from './refused.js';

/** One file in a ZIP, as its central directory declares it (nothing is inflated to know this). */
export interface ZipEntry {
  name: string;
  /** General-purpose bit flags (bit 0: encrypted). */
  flags: number;
  /** 0 stored, 8 deflated; anything else is not what Word writes. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's compressed bytes start, past its local header. */
  dataOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const ZIP64_EXTRA = 0x0001;

/** The directory does not add up: a crafted file (overlapping entries, sizes that lie), not a damaged download. */
function inconsistent(problem: string): DocumentRefused {
  return new DocumentRefused('zipBomb', { problem });
}

/**
 * Reads the End Of Central Directory and the central directory, and checks that they agree with each other and
 * with the local headers: every entry where it says, no two overlapping, no name twice. Zip64 is refused (a
 * .docx never needs it, and its 64-bit sizes are how the largest bombs are declared). Reads headers only, so it
 * takes microseconds per entry whatever the entries would inflate to.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEocd(buf);
  if (eocd < 0) throw new DocumentRefused('unreadable', { problem: 'no end of central directory' });
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) throw inconsistent('zip64');
  const disk = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const onDisk = buf.readUInt16LE(eocd + 8);
  const total = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw inconsistent('zip64');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total) throw inconsistent('multi-disk');
  if (cdOffset + cdSize !== eocd) throw inconsistent('central directory not before its end record');

  const entries: (ZipEntry & { localOffset: number })[] = [];
  let p = cdOffset;
  while (p < eocd) {
    if (p + CENTRAL_SIZE > eocd || buf.readUInt32LE(p) !== CENTRAL) throw inconsistent('bad central header');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const next = p + CENTRAL_SIZE + nameLength + extraLength + buf.readUInt16LE(p + 32);
    if (next > eocd) throw inconsistent('central header past the directory');
    const entry = {
      name: buf.toString('utf8', p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      dataOffset: 0,
    };
    const extra = buf.subarray(p + CENTRAL_SIZE + nameLength, p + CENTRAL_SIZE + nameLength + extraLength);
    const marked = [entry.compressedSize, entry.uncompressedSize, entry.localOffset].includes(0xffffffff);
    if (marked || hasZip64Extra(extra) || buf.readUInt16LE(p + 34) === 0xffff) throw inconsistent('zip64');
    if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw inconsistent('stored sizes');
    entries.push(entry);
    p = next;
  }
  if (entries.length !== total) throw inconsistent('entry count');
  if (new Set(entries.map((e) => e.name)).size !== entries.length) throw inconsistent('duplicate name');

  // Each local header where its central entry says, with the same name; then, in file order, none overlapping.
  for (const entry of entries) {
    const at = entry.localOffset;
    if (at + LOCAL_SIZE > cdOffset || buf.readUInt32LE(at) !== LOCAL) throw inconsistent('bad local header');
    const nameLength = buf.readUInt16LE(at + 26);
    if (buf.toString('utf8', at + LOCAL_SIZE, at + LOCAL_SIZE + nameLength) !== entry.name)
      throw inconsistent('local name differs');
    entry.dataOffset = at + LOCAL_SIZE + nameLength + buf.readUInt16LE(at + 28);
  }
  const inOrder = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  inOrder.forEach((entry, i) => {
    if (entry.dataOffset + entry.compressedSize > (inOrder[i + 1]?.localOffset ?? cdOffset))
      throw inconsistent('overlapping entries');
  });
  return entries.map(({ localOffset: _, ...entry }) => entry);
}

/** The last end record in the file (a ZIP comment may follow it, up to 64 KB). */
function findEocd(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - 0xffff);
  for (let at = buf.length - EOCD_SIZE; at >= lowest; at--)
    if (buf.readUInt32LE(at) === EOCD && at + EOCD_SIZE + buf.readUInt16LE(at + 20) <= buf.length) return at;
  return -1;
}

function hasZip64Extra(extra: Buffer): boolean {
  for (let at = 0; at + 4 <= extra.length; at += 4 + extra.readUInt16LE(at + 2))
    if (extra.readUInt16LE(at) === ZIP64_EXTRA) return true;
  return false;
}
