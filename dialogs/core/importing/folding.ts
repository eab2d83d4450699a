import { fold } from '../normalize.js';

/**
 * `fold` one character at a time, keeping every position: a label or a guidance question found in the folded
 * text is cut out of the official's own words at the same offsets. Characters fold drops (`*`, `_`) stay.
 */
export function foldKeepingLength(text: string): string {
  return [...text].map((ch) => (fold(ch) || ch).slice(0, 1).padEnd(ch.length, ' ')).join('');
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The folded words of a text, punctuation dropped: what two wordings of one question are compared on. */
export const wordsOf = (text: string): string[] =>
  fold(text)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
