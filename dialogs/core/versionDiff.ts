import { diffWordsWithSpace } from 'diff';
import type { Answer } from './draft.js';
import { FIELDS, partId, type FieldDef, type PartDef, type Table } from './fields.js';

/** A run of text that both versions share, that the new one added, or that it removed. */
export interface TextRun {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface PartChange {
  id: string;
  part: PartDef;
  before: string;
  after: string;
  changed: boolean;
  /** Word by word, the whole text: read in order, it is the old text with the removals and the additions marked. */
  runs: TextRun[];
}

export interface FieldChange {
  field: FieldDef;
  changed: boolean;
  parts: PartChange[];
}

/**
 * How an answer reads (a State's name rather than its code, field 11's files beside its text); the answer's own
 * text unless told. `side`: which version it belongs to, for what the answers do not hold (each version's files).
 */
export type ShowAnswer = (answer: Answer | undefined, part: PartDef, side: 'before' | 'after') => string;

/**
 * Past this many words changed, two texts are too different to mark word by word usefully, and the diff's cost
 * grows with it: the old text is shown removed and the new one added, whole.
 */
const MAX_EDIT_WORDS = 1_000;

/** The word-level difference between two texts (whitespace kept, so the runs rebuild both texts exactly). */
export function wordRuns(before: string, after: string): TextRun[] {
  if (before === after) return before ? [{ kind: 'same', text: before }] : [];
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_WORDS });
  if (!changes)
    return [
      ...(before ? [{ kind: 'removed' as const, text: before }] : []),
      ...(after ? [{ kind: 'added' as const, text: after }] : []),
    ];
  return tidy(changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })));
}

/** A run in common this short, between two changes, is a coincidence ("de", "el", a comma), not something kept. */
const COINCIDENCE = 3;

/**
 * A rewritten sentence, marked word by word, interleaves the few short words both versions happen to share with
 * the changes around them, and reads as noise. Such a run goes into both sides of the change, and each change is
 * one removal followed by one addition: the runs still give back both texts exactly.
 */
function tidy(runs: TextRun[]): TextRun[] {
  const absorbed = runs.flatMap((r, i): TextRun[] => {
    const between =
      r.kind === 'same' && runs[i - 1] && runs[i + 1] && runs[i - 1]!.kind !== 'same' && runs[i + 1]!.kind !== 'same';
    return between && r.text.trim().length <= COINCIDENCE
      ? [
          { kind: 'removed', text: r.text },
          { kind: 'added', text: r.text },
        ]
      : [r];
  });
  const out: TextRun[] = [];
  for (let i = 0; i < absorbed.length;) {
    if (absorbed[i]!.kind === 'same') {
      out.push(absorbed[i++]!);
      continue;
    }
    let removed = '';
    let added = '';
    for (; i < absorbed.length && absorbed[i]!.kind !== 'same'; i++)
      if (absorbed[i]!.kind === 'removed') removed += absorbed[i]!.text;
      else added += absorbed[i]!.text;
    if (removed) out.push({ kind: 'removed', text: removed });
    if (added) out.push({ kind: 'added', text: added });
  }
  return out;
}

/**
 * What changed from one version of a practice to the next, field by field and part by part, in the table's order.
 * Pure: the caller says how an answer reads (`show`), so States and provisions compare by what a reviewer sees.
 */
export function versionDiff(
  previous: Record<string, Answer>,
  current: Record<string, Answer>,
  options: { fields?: Table; show?: ShowAnswer } = {},
): FieldChange[] {
  const fields = options.fields ?? FIELDS;
  const show = options.show ?? ((a: Answer | undefined) => a?.text ?? '');
  return fields.map((field) => {
    const parts = field.parts.map((part): PartChange => {
      const id = partId(field, part);
      const before = show(previous[id], part, 'before');
      const after = show(current[id], part, 'after');
      return { id, part, before, after, changed: before !== after, runs: wordRuns(before, after) };
    });
    return { field, changed: parts.some((p) => p.changed), parts };
  });
}

/** The numbers of the fields that changed, for a one-line summary. */
export const changedFields = (changes: FieldChange[]): number[] =>
  changes.filter((c) => c.changed).map((c) => c.field.number);
