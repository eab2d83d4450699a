import { fold, type Locale } from './normalize.js';
import { PROVISIONS, label, provisionById, type Provision } from './reference.js';

export type ProvisionParse =
  | { ok: true; ids: string[] }
  | { ok: false; reason: 'unknown'; ref: string }
  | { ok: false; reason: 'ambiguous'; text: string; candidates: Provision[] }
  | { ok: false; reason: 'none' };

const ROMAN = '[ivx]{1,6}';
const NUM = '\\d{1,2}(?!\\d)';
// Words that join two numbers into a list or a range, in the four languages (text is folded: no accents).
const LIST_SEP = '\\s*(?:,|;|&|\\by\\b|\\band\\b|\\be\\b|\\bet\\b)\\s*';
const RANGE_SEP = '\\s*(?:-|–|\\ba\\b|\\bal\\b|\\bto\\b|\\bate\\b|\\bau\\b|\\bhasta\\b|\\bthrough\\b)\\s*';
const NUM_LIST = `${NUM}(?:(?:${RANGE_SEP}|${LIST_SEP})${NUM})*`;
// "III.11", "III-11", "III(11)", "iii 11", and a range after it ("III.1 a III.4", "III.1-4").
const SHORT_REF = new RegExp(
  `(?:^|[^a-z0-9])(${ROMAN})\\s*(?:[.\\-]\\s*|\\(\\s*|\\s+)(${NUM})\\)?(?:${RANGE_SEP}(?:\\1\\s*[.\\-]\\s*)?(${NUM}))?`,
  'g',
);
const ARTICLE_WORD = '(?:articulos?|articles?|artigos?|arts?\\.?)';
// "artículo III", "articles III", "art. III", "Article 3": the long forms pasted from the Word template.
const ARTICLE = new RegExp(`\\b${ARTICLE_WORD}\\s*(${ROMAN})\\b`, 'g');
const NUMERAL_WORD =
  '(?:numerales|numerals?|paragrafos?|parrafos?|paragraphes?|paragraphs?|subparagraphs?|incisos?|alineas?|items?|apartados?|paras?\\.?)';
// The numerals of an article: "numerales 8 y 11", possibly after its name ("III medidas preventivas ... numeral 11"),
// or in brackets right after it ("III (4, 9)").
const NUMERALS_NAMED = new RegExp(`^(?:(?!\\bart)[^.]){0,120}?\\b${NUMERAL_WORD}\\s*(${NUM_LIST})`);
const NUMERALS_BRACKETED = new RegExp(`^\\s*,?\\s*\\(\\s*(${NUM_LIST})\\s*\\)`);
// Only when a numeral follows, or the article is the whole answer: "el artículo 45 de la ley" is not the Convention's.
const ARABIC_ARTICLE = new RegExp(
  `\\b(${ARTICLE_WORD})\\s*(\\d{1,2})(?=\\s*[.(\\-]\\s*\\d|\\s*,?\\s*${NUMERAL_WORD}|\\s*$)`,
  'g',
);
// "numeral 11 del artículo III", "paragraphs 8 and 11 of Article III", "inciso 11 do artigo III": numerals first.
const NUMERALS_OF = new RegExp(
  `\\b${NUMERAL_WORD}\\s*(${NUM_LIST})\\s*,?\\s*(?:del|de la|de|of|do|da|du|de l')\\s*${ARTICLE_WORD}\\s*(${ROMAN})\\b`,
  'g',
);
const NUMERALS_ALONE = new RegExp(`^\\s*${NUMERAL_WORD}\\s*(${NUM_LIST})\\s*[.]?\\s*$`);
const ARTICLE_ANY = new RegExp(`\\b${ARTICLE_WORD}\\s`);
// "... y IX", "... and IX (2)": another article named in the same breath.
const NEXT_ARTICLE = new RegExp(`^${LIST_SEP}(${ROMAN})\\b`);
const CODE_ONLY = new RegExp(`^(${ROMAN})(?:\\s*[.\\-]\\s*(\\d{1,2}))?$`);

const ROMANS = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'];
/** "3" → "iii": some officials number the articles in Arabic figures ("Article 3(11)"); 1 to 39 is enough. */
function roman(n: string): string {
  if (!/^\d+$/.test(n)) return n;
  const v = Number(n);
  return v < 1 || v > 39 ? n : 'x'.repeat(Math.floor(v / 10)) + (ROMANS[(v % 10) - 1] ?? '');
}

function toId(article: string, numeral?: string | number): string {
  return numeral !== undefined ? `${article.toUpperCase()}.${Number(numeral)}` : article.toUpperCase();
}

/** "8 y 11" → [8, 11]; "1 a 4" → [1, 2, 3, 4]. */
function numbersIn(list: string): number[] {
  const tokens = list.match(new RegExp(`\\d{1,2}|${RANGE_SEP}`, 'g')) ?? [];
  const out: number[] = [];
  let ranging = false;
  for (const token of tokens) {
    if (!/\d/.test(token)) {
      ranging = true;
      continue;
    }
    const n = Number(token);
    const from = out[out.length - 1];
    // A range is filled only when it is short and runs forward: "3-1" or "1 a 40" is more likely a slip.
    if (ranging && from !== undefined && n > from && n - from <= 12) for (let i = from + 1; i < n; i++) out.push(i);
    out.push(n);
    ranging = false;
  }
  return out;
}

/** One article and its numerals, starting at `rest` (the text after the article's number). */
function articleRefs(article: string, rest: string): { ids: string[]; used: number } {
  const named = NUMERALS_NAMED.exec(rest) ?? NUMERALS_BRACKETED.exec(rest);
  if (!named) return { ids: [toId(article)], used: 0 };
  return { ids: numbersIn(named[1]!).map((n) => toId(article, n)), used: named[0].length };
}

/** References written with numbers: whole-answer code lists first, then codes found inside free text. */
function explicitRefs(text: string): string[] {
  // "Article 3.11" reads as "article iii.11": Arabic article numbers become Roman ones before anything else.
  const q = text.replace(ARABIC_ARTICLE, (_, word: string, n: string) => `${word} ${roman(n)}`);
  const parts = q.split(/\s*(?:[,;/]|\s(?:y|and|e|et)\s)\s*/).filter(Boolean);
  const codes = parts.map((p) => CODE_ONLY.exec(p.replace(/[.:]+$/, '')));
  if (codes.length > 0 && codes.every(Boolean)) return codes.map((m) => toId(m![1]!, m![2]));

  const found: string[] = [];
  // Numerals named before their article are read first, and their article is not read again as a bare one.
  for (const m of q.matchAll(NUMERALS_OF)) found.push(...numbersIn(m[1]!).map((n) => toId(m[2]!, n)));
  for (const m of q.matchAll(ARTICLE)) {
    let at = (m.index ?? 0) + m[0].length;
    let article = m[1]!;
    for (;;) {
      const { ids, used } = articleRefs(article, q.slice(at));
      found.push(...ids);
      at += used;
      const next = NEXT_ARTICLE.exec(q.slice(at));
      if (!next) break;
      article = next[1]!;
      at += next[0].length;
    }
  }
  // "numerales 8 y 11" with no article: only one article of the Convention has numerals (Article III today).
  if (found.length === 0 && !ARTICLE_ANY.test(q)) {
    const numerals = NUMERALS_ALONE.exec(q);
    const article = [...new Set(PROVISIONS.filter((p) => p.numeral !== null).map((p) => p.article))];
    if (numerals && article.length === 1) found.push(...numbersIn(numerals[1]!).map((n) => toId(article[0]!, n)));
  }
  for (const m of q.matchAll(SHORT_REF)) {
    const to = m[3] ? Number(m[3]) : undefined;
    const numbers = to !== undefined ? numbersIn(`${m[2]} - ${to}`) : [Number(m[2])];
    found.push(...numbers.map((n) => toId(m[1]!, n)));
  }
  return found;
}

// Folded once: each provisions answer compares every part with every label (a turn spent ~2% folding them).
const FOLDED = new Map<Provision, string[]>(
  PROVISIONS.map((p) => [p, [p.es, p.en, p.pt, p.fr].filter((x): x is string => !!x).map(fold)]),
);
const labelsOf = (p: Provision): string[] => FOLDED.get(p) ?? [];

function byName(q: string): ProvisionParse {
  const ids: string[] = [];
  for (const part of q.split(/\s*[,;]\s*/).filter((p) => p.length >= 4)) {
    const exact = PROVISIONS.filter((p) => labelsOf(p).some((l) => l === part));
    const partial = exact.length ? exact : PROVISIONS.filter((p) => labelsOf(p).some((l) => l.includes(part)));
    if (partial.length > 1) return { ok: false, reason: 'ambiguous', text: part, candidates: partial };
    if (partial.length === 1) ids.push(partial[0]!.id);
  }
  return ids.length ? { ok: true, ids } : { ok: false, reason: 'none' };
}

/** Reads the Convention provision(s) an official named, by number ("III.11", "artículo III, numeral 11") or by name. */
export function parseProvisions(input: string): ProvisionParse {
  const q = fold(input);
  const refs = [...new Set(explicitRefs(q))];
  if (refs.length === 0) return byName(q);
  // Every reference that is not in the Convention is named back, so none is dropped without a word.
  const unknown = refs.filter((id) => !provisionById(id));
  if (unknown.length) return { ok: false, reason: 'unknown', ref: unknown.join(', ') };
  // A provision named exactly beside numbered ones ("III.11 y soborno transnacional") is kept too.
  for (const part of q.split(/\s*(?:[,;]|\s(?:y|and|e|et)\s)\s*/)) {
    const named = PROVISIONS.filter((p) => labelsOf(p).includes(part.replace(/[.:]+$/, '')));
    if (named.length === 1 && !refs.includes(named[0]!.id)) refs.push(named[0]!.id);
  }
  // "artículo III, numeral 11" names both III and III.11; the numeral is the one meant.
  const ids = refs.filter((id) => !refs.some((other) => other !== id && other.startsWith(`${id}.`)));
  return { ok: true, ids };
}

/** True when the text names a provision by its number: enough to tell a provisions part from a title or topic. */
export function citesProvision(input: string): boolean {
  return explicitRefs(fold(input)).length > 0;
}

/** "III.8 Órganos de control superior, III.11 Participación …": what was recognised, in the reader's language. */
export function provisionNames(ids: readonly string[], locale: Locale): string {
  return ids
    .map((id) => provisionById(id))
    .filter((p): p is Provision => !!p)
    .map((p) => `${p.id} ${label(p, locale)}`)
    .join(', ');
}
