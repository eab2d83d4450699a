import { DocumentRefused } from './refused.js';
import { sniff } from './sniff.js';
import { readZipDirectory } from './zipDirectory.js';

/** What an attachment is, by its bytes: the kinds the Secretariat can open safely. */
export type AttachmentType = 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'png' | 'jpeg' | 'gif';

const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/**
 * The kind of a file attached at field 11, from its bytes, never its name: PDF, Office Open XML (Word, Excel,
 * PowerPoint, without macros) or an image. Anything else (an executable, a sharing page, an old binary Office
 * file that may hold macros, a password-protected one) is refused with the reason the official is told.
 */
export function attachmentType(bytes: Uint8Array): AttachmentType {
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  const kind = sniff(bytes);
  if (kind === 'pdf') return 'pdf';
  if (kind !== 'zip') throw new DocumentRefused(kind === 'notDocx' ? 'notAllowed' : kind);
  // Only the directory is read (no inflating): enough to tell the three Office kinds and see any macros.
  const names = readZipDirectory(bytes).map((e) => e.name);
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) throw new DocumentRefused('macroEnabled');
  if (!names.includes('[Content_Types].xml')) throw new DocumentRefused('notAllowed');
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  throw new DocumentRefused('notAllowed');
}

export const MIME: Record<AttachmentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
};
