import { readFileSync } from 'node:fs';
import { fold, type Locale } from './normalize.js';

// The reference lists are data the Secretariat may extend, so they are read from JSON, not written in code.
function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./reference/${name}`, import.meta.url), 'utf8')) as T;
}

export type Labels = Partial<Record<Locale, string>> & { es: string; en: string };

export interface Provision extends Labels {
  /** "III.11" for an Article III numeral, "IX" for a whole article. */
  id: string;
  article: string;
  numeral: number | null;
}

export interface StateParty extends Labels {
  code: string;
}

export interface ThematicArea extends Labels {
  id: number;
  provision: string;
}

interface RawProvision extends Labels {
  article: string;
  numeral: number | null;
}

export const PROVISIONS: readonly Provision[] = load<RawProvision[]>('convention-provisions.json').map((p) => ({
  ...p,
  id: p.numeral === null ? p.article : `${p.article}.${p.numeral}`,
}));

export const STATES: readonly StateParty[] = load<{ states: StateParty[] }>('states-parties.json').states;

export const THEMATIC_AREAS: readonly ThematicArea[] = load<{ areas: ThematicArea[] }>('thematic-areas.json').areas;

/** A label in the wanted language, falling back to Spanish, the Convention's first text. */
export function label(item: Labels, locale: Locale): string {
  return item[locale] ?? item.es;
}

export function provisionById(id: string): Provision | undefined {
  return PROVISIONS.find((p) => p.id === id);
}

export function stateByCode(code: string): StateParty | undefined {
  return STATES.find((s) => s.code === code);
}

const ALIASES: Readonly<Record<string, readonly string[]>> = load<{ aliases: Record<string, string[]> }>(
  'state-aliases.json',
).aliases;

function labelsOf(item: Labels & { code?: string }): string[] {
  const labels = [item.es, item.en, item.pt, item.fr].filter((x): x is string => typeof x === 'string').map(fold);
  const aliases = (item.code ? (ALIASES[item.code] ?? []) : []).map((a) => fold(a).replace(/[.,;:!]+$/, ''));
  return [...labels, ...aliases];
}

/** "República de Panamá", "Republic of Colombia", "Commonwealth of Dominica": the State's name without its form. */
const withoutForm = (q: string) =>
  q
    .replace(/^(?:the )?commonwealth of (?:the )?/, '')
    .replace(
      /^(?:republica|republic|republique)(?: federativa| oriental| cooperativa)? (?:of|de|del|do|da|du|d')\s*/,
      '',
    );

/** The State Party this text names exactly (a label, a common variant, or either with its formal prefix). */
export function stateNamed(text: string): StateParty | undefined {
  const q = fold(text).replace(/[.,;:!]+$/, '');
  if (!q) return undefined;
  return STATES.find((s) => labelsOf(s).some((l) => l === q || l === withoutForm(q)));
}

export type Match<T> = { kind: 'one'; item: T } | { kind: 'many'; items: T[] } | { kind: 'none' };

/**
 * Parties to the Convention that are not members of the MESICIC (states-parties.json's source: Barbados), so
 * not offered; named here so an official who writes one is told why rather than that the country is unknown.
 */
export const CONVENTION_ONLY: readonly StateParty[] = [
  { code: 'BB', es: 'Barbados', en: 'Barbados', pt: 'Barbados', fr: 'Barbade' },
];

/** A Party to the Convention outside the MESICIC, by its code or its name in any language. */
export function conventionOnly(input: string): StateParty | undefined {
  const q = fold(input).replace(/[.,;:!]+$/, '');
  if (!q) return undefined;
  return CONVENTION_ONLY.find((s) => s.code.toLowerCase() === q || labelsOf(s).some((l) => l === q || l.startsWith(q)));
}

/** Finds a State Party by ISO code or by its name in any language: exact first, then prefix, then part of the name. */
export function findState(input: string): Match<StateParty> {
  const q = fold(input).replace(/[.,;:!]+$/, '');
  if (!q) return { kind: 'none' };
  const byCode = STATES.find((s) => s.code.toLowerCase() === q);
  if (byCode) return { kind: 'one', item: byCode };
  const named = stateNamed(input);
  if (named) return { kind: 'one', item: named };
  for (const test of [(l: string) => l === q, (l: string) => l.startsWith(q), (l: string) => l.includes(q)]) {
    const hits = STATES.filter((s) => labelsOf(s).some(test));
    if (hits.length === 1 && hits[0]) return { kind: 'one', item: hits[0] };
    if (hits.length > 1) return { kind: 'many', items: hits };
  }
  return { kind: 'none' };
}
