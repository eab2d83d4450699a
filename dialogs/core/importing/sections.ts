import { FIELDS } from '../fields.js';
import type { SourceBlock } from './blocks.js';
import { stripGuidance } from './guidance.js';
import { labelAt, type FieldKey, type LabelHit } from './labels.js';
import { paragraphsOf, type Paragraph } from './paragraphs.js';

/*
 * The format's sections found by their labels, never by their numbers: Word's automatic numbering is not in
 * the text, and officials renumber or delete items. A line that starts with a label is only a candidate; the
 * labels kept are the longest run in the template's order (a sentence "Resultado: …" inside an answer breaks
 * that order, or lacks the marks the document's real labels share), plus any out of order that is plainly
 * a label (numbered, bold, alone on its line or in a table's label cell), as when two items were swapped.
 */

export interface Sections {
  /** Each field's answer as written, without the template's questions or footnotes; fields left blank are absent. */
  byField: Map<FieldKey, string>;
  /** The fields whose label was found, in the document's order (one left blank included). */
  order: FieldKey[];
  /** Paragraphs kept in no answer: the text before the first label, footnotes, the template's questions. */
  ignored: number;
}

type Mark = 'numbered' | 'bold' | 'ownLine' | 'cell';
const MARKS: readonly Mark[] = ['numbered', 'bold', 'ownLine', 'cell'];

interface Candidate {
  at: number;
  hit: LabelHit;
  /** The field's place in the table. */
  index: number;
  marks: Set<Mark>;
}

// "¹ La sustentabilidad significa…": a footnote's text, pasted where Word showed it.
const FOOTNOTE = /^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S/;
const indexOf = (field: FieldKey) => FIELDS.findIndex((f) => f.key === field);
const firstLine = (text: string) => text.split('\n')[0]!;

// The order is found in time quadratic in the candidates: a format has a dozen, a document with more than this is no format.
const MAX_CANDIDATES = 600;

function candidatesIn(paragraphs: Paragraph[]): Candidate[] {
  const out: Candidate[] = [];
  paragraphs.forEach((p, at) => {
    const hit = FOOTNOTE.test(p.text) || out.length >= MAX_CANDIDATES ? undefined : labelAt(firstLine(p.text));
    if (!hit) return;
    const marks = new Set<Mark>();
    if (hit.number !== undefined || p.listItem) marks.add('numbered');
    if (hit.bold || p.emphasis) marks.add('bold');
    if (stripGuidance(hit.field, hit.rest) === '') marks.add('ownLine');
    if (p.labelCell) marks.add('cell');
    out.push({ at, hit, index: indexOf(hit.field), marks });
  });
  return out;
}

/** The marks three in four of the candidates share: the document's way of writing a label. */
function styleOf(candidates: Candidate[]): Mark[] {
  if (candidates.length < 4) return [];
  return MARKS.filter((m) => candidates.filter((c) => c.marks.has(m)).length >= 0.75 * candidates.length);
}

/** The labels kept: the heaviest run in the table's order, then plain labels out of order for fields not yet found. */
function chooseLabels(all: Candidate[]): Candidate[] {
  const style = styleOf(all);
  const styled = (c: Candidate) => style.every((m) => c.marks.has(m));
  // An unmarked "Resultado: …" in a document whose labels are numbered or bold is a sentence, not a label.
  const candidates = all.filter((c) => c.marks.size > 0 || styled(c));
  const weight = (c: Candidate) =>
    1 +
    (c.marks.size > 0 ? 0.5 : 0) +
    0.5 * style.filter((m) => c.marks.has(m)).length +
    (c.hit.number === FIELDS[c.index]!.number ? 0.25 : 0);
  const best: number[] = [];
  const prev: number[] = [];
  candidates.forEach((c, i) => {
    let score = weight(c);
    let from = -1;
    // Ties go to the later candidate: of two equal labels, the first is more likely a sentence in the answer before.
    for (let j = 0; j < i; j++)
      if (candidates[j]!.index < c.index && best[j]! + weight(c) >= score) {
        score = best[j]! + weight(c);
        from = j;
      }
    best.push(score);
    prev.push(from);
  });
  let end = -1;
  best.forEach((b, i) => {
    if (end < 0 || b >= best[end]!) end = i;
  });
  const chosen: Candidate[] = [];
  for (let i = end; i >= 0; i = prev[i]!) chosen.unshift(candidates[i]!);
  const fields = new Set(chosen.map((c) => c.hit.field));
  for (const c of candidates)
    if (!chosen.includes(c) && !fields.has(c.hit.field) && c.marks.size > 0 && styled(c)) {
      chosen.push(c);
      fields.add(c.hit.field);
    }
  return chosen.sort((a, b) => a.at - b.at);
}

// A list item of Word's own numbering or bullets carries no mark in its text: it is written as the official would paste it.
const asListed = (p: Paragraph) => (p.listItem && !/^\s*(?:[-•*]|\d{1,2}[.)])\s/.test(p.text) ? `- ${p.text}` : p.text);

/** Between a label and the next: the paragraphs of one answer, template questions at its start dropped. */
function answerOf(field: FieldKey, label: Paragraph, rest: string, body: Paragraph[]): [string, number] {
  const more = label.text.split('\n').slice(1).join('\n');
  const opening = [rest, more].filter((t) => t.trim() !== '').join('\n');
  const parts: Paragraph[] = opening ? [{ ...label, text: opening, listItem: false, soft: false }] : [];
  let dropped = 0;
  for (const p of body) {
    if (FOOTNOTE.test(p.text)) dropped++;
    else parts.push(p);
  }
  // The label's own line is not a paragraph of its own: only a whole paragraph of questions counts as ignored.
  let onLabelLine = parts.length > 0 && !!opening;
  while (parts.length) {
    const text = stripGuidance(field, parts[0]!.text);
    if (text) {
      parts[0] = { ...parts[0]!, text };
      break;
    }
    parts.shift();
    if (!onLabelLine) dropped++;
    onLabelLine = false;
  }
  const text = parts
    .map((p, i) => (i === 0 ? '' : p.soft ? '\n' : p.listItem && parts[i - 1]!.listItem ? '\n' : '\n\n') + asListed(p))
    .join('');
  return [text.trim(), dropped];
}

export function findSections(blocks: readonly SourceBlock[]): Sections {
  const paragraphs = paragraphsOf(blocks);
  const labels = chooseLabels(candidatesIn(paragraphs));
  const byField = new Map<FieldKey, string>();
  let ignored = labels.length ? labels[0]!.at : paragraphs.length;
  labels.forEach((label, k) => {
    const body = paragraphs.slice(label.at + 1, labels[k + 1]?.at ?? paragraphs.length);
    const [text, dropped] = answerOf(label.hit.field, paragraphs[label.at]!, label.hit.rest, body);
    ignored += dropped;
    if (text) byField.set(label.hit.field, text);
  });
  return { byField, order: labels.map((l) => l.hit.field), ignored };
}
