import { fold } from './normalize.js';
import { PROVISIONS, provisionById, type Provision } from './reference.js';

export type ProvisionParse =
  | { ok: true; ids: string[] }
  | { ok: false; reason: 'unknown'; ref: string }
  | { ok: false; reason: 'ambiguous'; text: string; candidates: Provision[] }
  | { ok: false; reason: 'none' };

const ROMAN = '[ivx]{1,6}';
// "III.11", "III-11", "III(11)", "iii 11": the short forms officials type.
const SHORT_REF = new RegExp(`(?:^|[^a-z0-9])(${ROMAN})\\s*(?:[.\\-]\\s*|\\(\\s*|\\s+)(\\d{1,2})\\)?(?![0-9])`, 'g');
// "artículo III, numeral 11", "article III paragraph 11": the long forms pasted from the Word template.
const ARTICLE = new RegExp(`\\b(?:articulo|article|artigo|art\\.?)\\s*(${ROMAN})\\b`, 'g');
const NUMERAL =
  /^[^.]{0,120}?\b(?:numeral|numerales|paragrafo|parrafo|paragraphe|paragraph|inciso|alinea|item)\s*(\d{1,2})\b/;
const CODE_ONLY = new RegExp(`^(${ROMAN})(?:\\s*[.\\-]\\s*(\\d{1,2}))?$`);

function toId(article: string, numeral?: string): string {
  return numeral ? `${article.toUpperCase()}.${Number(numeral)}` : article.toUpperCase();
}

/** References written with numbers: whole-answer code lists first, then codes found inside free text. */
function explicitRefs(q: string): string[] {
  const parts = q.split(/\s*(?:[,;/]|\s(?:y|and|e|et)\s)\s*/).filter(Boolean);
  const codes = parts.map((p) => CODE_ONLY.exec(p.replace(/[.:]+$/, '')));
  if (codes.length > 0 && codes.every(Boolean)) return codes.map((m) => toId(m![1]!, m![2]));

  const found: string[] = [];
  for (const m of q.matchAll(ARTICLE)) {
    const after = q.slice((m.index ?? 0) + m[0].length);
    const numeral = NUMERAL.exec(after);
    found.push(toId(m[1]!, numeral?.[1]));
  }
  for (const m of q.matchAll(SHORT_REF)) found.push(toId(m[1]!, m[2]));
  return found;
}

function byName(q: string): ProvisionParse {
  const ids: string[] = [];
  for (const part of q.split(/\s*[,;]\s*/).filter((p) => p.length >= 4)) {
    const labels = (p: Provision) => [p.es, p.en, p.pt, p.fr].filter((x): x is string => !!x).map(fold);
    const exact = PROVISIONS.filter((p) => labels(p).some((l) => l === part));
    const partial = exact.length ? exact : PROVISIONS.filter((p) => labels(p).some((l) => l.includes(part)));
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
  const unknown = refs.find((id) => !provisionById(id));
  if (unknown) return { ok: false, reason: 'unknown', ref: unknown };
  // "artículo III, numeral 11" names both III and III.11; the numeral is the one meant.
  const ids = refs.filter((id) => !refs.some((other) => other !== id && other.startsWith(`${id}.`)));
  return { ok: true, ids };
}
