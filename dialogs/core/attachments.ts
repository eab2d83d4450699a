import type { AttachmentRef } from './draft.js';
import type { Locale } from './normalize.js';
import type { Texts } from './texts.js';

/** Starts the text that stands for field 11 when the official sent files and wrote nothing. */
export const ATTACHED_MARK = '📎';

/** "📎 Archivos adjuntos: informe.pdf; anexo.xlsx": what field 11 says while only files answer it. */
export const attachedText = (tx: Texts, files: readonly AttachmentRef[]): string =>
  `${ATTACHED_MARK} ${tx.t('attachments.listed', { names: files.map((f) => f.name).join('; ') })}`;

/** "1,2 MB", "340 kB" in the reader's language. */
export function sizeLabel(bytes: number, locale: Locale): string {
  const mb = bytes / (1024 * 1024);
  const format = (n: number, unit: string) =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: n < 10 ? 1 : 0 }).format(n)} ${unit}`;
  return mb >= 1 ? format(mb, 'MB') : format(Math.max(1, Math.round(bytes / 1024)), 'kB');
}

/** One line listing a practice's files with their sizes, for the review, the card and the Word export. */
export const attachmentsLine = (tx: Texts, files: readonly AttachmentRef[]): string =>
  `${ATTACHED_MARK} ${files.map((f) => `${f.name} (${sizeLabel(f.size, tx.locale)})`).join('; ')}`;
