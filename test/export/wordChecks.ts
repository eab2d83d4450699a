import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { Para } from './docxText.js';
import { checkXml, xmlParts } from './strictXml.js';

/** The locale file as written (what a reader of the document sees). */
export const locale = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../bot/locales/${lang}.json`, import.meta.url), 'utf8')) as {
    fields: Record<string, { label: string }>;
    export: Record<string, string>;
  };
export const headings = (lang: string) => FIELDS.map((f) => `${f.number}. ${locale(lang).fields[f.key]!.label}`);

/** The paragraphs between a heading and the next heading of the same or a higher level. */
export function under(paras: Para[], style: string, text: string): string[] {
  const start = paras.findIndex((p) => p.style === style && p.text === text);
  assert.ok(start >= 0, `no ${style} "${text}"`);
  const level = (s: string) => (s === 'Title' ? 0 : Number(/^Heading(\d)$/.exec(s)?.[1] ?? 99));
  const end = paras.findIndex((p, i) => i > start && level(p.style) <= level(style));
  return paras.slice(start + 1, end < 0 ? undefined : end).map((p) => p.text);
}

/** Every XML part of the file passes the strict check; the parts' names say which one did not. */
export async function assertWellFormed(docx: Buffer): Promise<void> {
  const parts = await xmlParts(docx);
  assert.ok(parts.has('word/document.xml'), 'a document part');
  for (const [name, bytes] of parts) {
    try {
      checkXml(bytes);
    } catch (err) {
      assert.fail(`${name} is not well-formed XML: ${(err as Error).message}`);
    }
  }
}

// eslint-disable-next-line no-control-regex -- these are the control characters XML 1.0 forbids, named on purpose
export const STILL_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/u;
/** At the start, in the middle and at the end (a high surrogate with nothing after it), next to a valid pair. */
export const pasted = (ch: string) => `${ch}antes${ch}después 😀${ch}`;
export const shown = '\ufffdantes\ufffddespués 😀\ufffd';
