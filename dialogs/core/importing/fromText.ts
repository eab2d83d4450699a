import type { SourceBlock } from './blocks.js';
import { findSections } from './sections.js';

/*
 * The format pasted as text, in one message or several. A blank line ends a paragraph; the lines of one
 * paragraph stay together, so an answer keeps the official's own line breaks (a contact's lines, a list).
 * The section finder also starts a paragraph at any line that begins with a label, so a format pasted with
 * no blank lines at all ("1. Institución: …\n2. Título: …") is read the same. Typed numbers ("1.", "1)")
 * stay in the text: the finder reads past them.
 */

// A paragraph that is bold from end to end ("**Institución:**"): a likely label, as a bold Word paragraph is.
const ALL_BOLD = /^\s*\*\*[^*\n](?:[^*]|\*(?!\*))*\*\*\s*$/;

export function blocksFromText(text: string): SourceBlock[] {
  return text
    .replace(/\r\n?|\u2028/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/^\s*\n|\s+$/g, ''))
    .filter((p) => p.trim() !== '')
    .map((p) => (ALL_BOLD.test(p) ? { text: p, emphasis: true } : { text: p }));
}

/**
 * Several messages are one document: their blocks in order, as if pasted at once. A paragraph that Teams
 * (or the official) cut between two messages stays two paragraphs. Import the whole once the official has
 * sent everything, or import the messages so far again with overwrite, as each import reads only what it is given.
 */
export function blocksFromMessages(texts: readonly string[]): SourceBlock[] {
  return texts.flatMap(blocksFromText);
}

/** Text that holds the format rather than one answer: at least `min` different fields' labels, each at a line's start. */
export function looksLikeWholeFormat(text: string, min = 3): boolean {
  return new Set(findSections(blocksFromText(text)).order).size >= min;
}
