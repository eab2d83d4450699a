import type { RefusalReason } from './refused.js';

/** What the first bytes say a file is: a ZIP (maybe a .docx, zipCheck decides), or why it is not one. */
export type Sniffed =
  'zip' | Extract<RefusalReason, 'legacyDoc' | 'encrypted' | 'pdf' | 'sharingPage' | 'notDocx' | 'empty'>;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46]; // %PDF
/** A password-protected .docx is a CFB file holding these streams; a plain .doc holds neither. */
const ENCRYPTION_STREAMS = ['EncryptionInfo', 'EncryptedPackage'].map((name) => Buffer.from(name, 'utf16le'));
const HTML_START = /^(<!doctype\s+html|<html|<head|<body|<meta|<title|<script|<!--)/i;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/**
 * Decides from the bytes, never from the file name or the MIME type the client claims (an iPhone names a sharing
 * page `practice.docx`; a renamed PDF keeps its extension).
 */
export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.byteLength === 0) return 'empty';
  if (startsWith(bytes, ZIP)) return 'zip';
  if (startsWith(bytes, CFB)) {
    // Directory entry names are UTF-16LE; a byte search is rough but cannot miss them.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return ENCRYPTION_STREAMS.some((name) => buffer.includes(name)) ? 'encrypted' : 'legacyDoc';
  }
  if (startsWith(bytes, PDF)) return 'pdf';
  return HTML_START.test(textStart(bytes)) ? 'sharingPage' : 'notDocx';
}

/** The first characters as text, after a byte order mark and leading whitespace. */
function textStart(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 1024);
  const utf16 = head[0] === 0xff && head[1] === 0xfe;
  return new TextDecoder(utf16 ? 'utf-16le' : 'utf-8')
    .decode(head)
    .replace(/^\uFEFF/, '')
    .trimStart();
}
