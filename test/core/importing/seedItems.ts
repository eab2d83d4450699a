import { readFileSync } from 'node:fs';
import { FIELDS } from '../../../dialogs/core/fields.js';
import type { FieldKey } from '../../../dialogs/core/importing/labels.js';
import { mexico, panama, type SeedPractice } from '../../fixtures/seeds.js';

/*
 * The two seeds taken apart as the template lays them out: before the format, then per item its label, the
 * template's question when the official left it (Mexico), and the answer's paragraphs as written. The test
 * layouts (blocks by hand, .docx files) are all rebuilt from these, so every variant carries the seed's words.
 */

export type SeedName = 'panama' | 'mexico';

export interface SeedItem {
  field: FieldKey;
  /** The label as the seed writes it ("Institución", "Descripción de la buena práctica"). */
  label: string;
  /** The template's question after the label, when the seed kept it. */
  guidance?: string;
  /** The answer's paragraphs (a blank line apart in the seed); a footnote's text stays where the seed has it. */
  paragraphs: string[];
}

export interface SeedDocument {
  /** The paragraphs before the format's first item (the introduction, "ANEXO", the format's title). */
  preamble: string[];
  items: SeedItem[];
}

const FILES: Record<SeedName, string> = { panama: 'panama.txt', mexico: 'mexico.txt' };
const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function seedDocument(name: SeedName): SeedDocument {
  const raw = readFileSync(new URL(`../../fixtures/seeds/${FILES[name]}`, import.meta.url), 'utf8');
  const heads = [...raw.matchAll(/^(\d{1,2})\. /gm)];
  const items = heads.map((m, i): SeedItem => {
    const body = raw.slice(m.index + m[0].length, heads[i + 1]?.index ?? raw.length);
    const [line, ...more] = body.split('\n');
    const field = FIELDS[Number(m[1]) - 1]!.key;
    // Panama: "**Label:** answer"; Mexico: "Label: the template's question", the answer below.
    const bold = /^\*\*([^*]+?):\*\*\s*(.*)$/.exec(line!);
    if (bold) return { field, label: bold[1]!, paragraphs: paragraphs([bold[2]!, ...more].join('\n')) };
    const colon = line!.indexOf(':');
    return {
      field,
      label: line!.slice(0, colon),
      guidance: line!.slice(colon + 1).trim(),
      paragraphs: paragraphs(more.join('\n')),
    };
  });
  return { preamble: paragraphs(raw.slice(0, heads[0]!.index)), items };
}

export const seedPractice = (name: SeedName): SeedPractice => (name === 'panama' ? panama() : mexico());

/** The seed's text pasted whole, as a string. */
export const seedText = (name: SeedName): string =>
  readFileSync(new URL(`../../fixtures/seeds/${FILES[name]}`, import.meta.url), 'utf8');

// A footnote's text, which the importer drops (the field-by-field path keeps what the official pasted).
const FOOTNOTE = /^[¹²³⁴⁵⁶⁷⁸⁹⁰]/;

/**
 * What an import of the whole seed must give: the field-by-field answers, except the State (neither document
 * names it: the official types it when asked) and the footnotes' text inside answers.
 */
export function importedAnswers(name: SeedName, without: readonly FieldKey[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, text] of Object.entries(seedPractice(name).expected)) {
    if (id === 'institution.state' || without.some((f) => id.startsWith(`${f}.`))) continue;
    out[id] = text
      .split('\n\n')
      .filter((p) => !FOOTNOTE.test(p))
      .join('\n\n');
  }
  return out;
}
