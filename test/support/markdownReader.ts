/**
 * How a markdown renderer such as Teams' reads a bot's text message, written from CommonMark's rules rather
 * than from dialogs/core/markdown.ts, so tests of the escaping can fail: a backslash before ASCII punctuation
 * makes it plain text; anything else that can start markup is live.
 */

const ASCII_PUNCT = /^[!-/:-@[-`{-~]$/;
const INLINE = new Set(['*', '_', '`', '~', '|', '[', ']', '<', '>']);
const BLOCK = new Set(['#', '>', '+', '=', '-', '*']);

interface Glyph {
  ch: string;
  escaped: boolean;
}

function glyphs(text: string): Glyph[] {
  const out: Glyph[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const next = chars[i + 1];
    if (ch === '\\' && next !== undefined && ASCII_PUNCT.test(next)) {
      out.push({ ch: next, escaped: true });
      i++;
    } else out.push({ ch, escaped: false });
  }
  return out;
}

/** What a reader sees: escapes undone, and the look-alikes used for < and > read as what was typed. */
export function shownText(text: string): string {
  return glyphs(text)
    .map((g) => g.ch)
    .join('')
    .replace(/‹/g, '<')
    .replace(/›/g, '>');
}

/**
 * The markup a renderer would act on, in order: each live inline marker (`*`, `[`, `<`…), each live HTML entity
 * (`&lt;`), and each block marker at the start of a line (`line#`, `line-`, `line1.`). Two messages that differ
 * only in plain text have the same markup.
 */
export function liveMarkup(text: string): string[] {
  const g = glyphs(text);
  const out: string[] = [];
  let lineStart = true;
  for (let i = 0; i < g.length; i++) {
    const { ch, escaped } = g[i]!;
    if (ch === '\n' || ch === '\r') {
      lineStart = true;
      continue;
    }
    if (lineStart) {
      if (ch === ' ' || ch === '\t') continue;
      lineStart = false;
      if (!escaped && BLOCK.has(ch)) out.push(`line${ch}`);
      if (/\d/.test(ch)) {
        let j = i;
        while (j < g.length && /\d/.test(g[j]!.ch) && !g[j]!.escaped) j++;
        const mark = g[j];
        if (mark && !mark.escaped && (mark.ch === '.' || mark.ch === ')')) out.push(`line1${mark.ch}`);
      }
    }
    if (escaped) continue;
    if (INLINE.has(ch)) out.push(ch);
    if (ch === '&') {
      const rest = g
        .slice(i + 1, i + 34)
        .map((x) => (x.escaped ? '\u0000' : x.ch))
        .join('');
      if (/^#?[0-9a-z]+;/i.test(rest)) out.push('&entity');
    }
  }
  return out;
}
