import { TextRun, type IRunOptions, type ParagraphChild } from 'docx';

/**
 * XML 1.0 has no way to write C0 controls other than tab, LF and CR, lone surrogates, U+FFFE or U+FFFF, not even
 * as &#…; references: one of them in one answer made the whole file unreadable, and a semester's compilation
 * with it. Each becomes U+FFFD, so the reader sees that something was there. (The `u` flag: a surrogate pair is
 * one character, so only lone surrogates match.)
 */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
export const xmlSafe = (text: string): string => text.replace(XML_FORBIDDEN, '\uFFFD');

export type RunFormat = Omit<IRunOptions, 'text' | 'children'>;

/** The one way text enters a document: every run, heading, link and bullet is made of these. */
export const run = (text: string, format: RunFormat = {}) => new TextRun({ ...format, text: xmlSafe(text) });

/**
 * A translated sentence with live parts in it (a page field, a link): each part's place is a private-use character
 * in the text i18next returns, so the reader's word order is kept. Strings given as parts are plain values.
 */
export function sentence(
  text: (params: Record<string, string>) => string,
  parts: Record<string, ParagraphChild>,
  format: RunFormat = {},
): ParagraphChild[] {
  const names = Object.keys(parts);
  const marks = Object.fromEntries(names.map((name, i) => [name, String.fromCharCode(0xe000 + i)]));
  const byMark = new Map(names.map((name) => [marks[name]!, parts[name]!]));
  return text(marks)
    .split(/([\uE000-\uE0FF])/)
    .filter(Boolean)
    .map((piece) => byMark.get(piece) ?? run(piece, format));
}
