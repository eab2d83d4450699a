import type { FieldDef, PartDef } from '../fields.js';
import type { Message } from '../validation.js';

/** What an import did to one field, for the bot to show back (it words it; these are data and i18n keys). */
export interface FieldReport {
  field: FieldDef;
  /** Parts read from the document and kept in the draft; `replaced`: over an earlier, different answer. */
  found: { part: PartDef; id: string; preview: string; replaced?: true; reminder?: Message }[];
  /** Required parts the document did not give and the draft does not have. */
  missing: { part: PartDef; id: string }[];
  /** Parts the document gave that did not pass, with what is wrong, as if typed. */
  failed: { part: PartDef; id: string; error: Message }[];
  /** Parts the draft already had, left as they were because the document said something else (no overwrite). */
  kept: { part: PartDef; id: string; preview: string; imported: string }[];
}

export interface ImportReport {
  /** Every field, in the table's order. */
  fields: FieldReport[];
  /** Paragraphs read but in no answer (the template's introduction, footnotes, its questions). */
  ignored: number;
  /** Whether any label of the format was found at all. */
  recognised: boolean;
}

const PREVIEW_CHARS = 80;

/** One line of at most 80 characters, cut at a word, to show what was read. */
export function preview(text: string): string {
  const line = text.replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
  if (line.length <= PREVIEW_CHARS) return line;
  const cut = line.slice(0, PREVIEW_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > PREVIEW_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** One field of an import as the official sees it: found, missing, failed or kept, and what it holds. */
export interface ImportRow {
  icon: string;
  heading: string;
  /** Each line already worded; officials' text in it is left raw for the chat or the card to escape. */
  lines: { text: string; own?: string }[];
}
