import type { Draft } from './draft.js';
import { FIELDS, partId, partOf, type FieldDef, type Table } from './fields.js';
import { hasAnswer, advance } from './navigation.js';
import type { Locale } from './normalize.js';
import { limitsOf } from './schemas.js';
import { validatePart, type Message } from './validation.js';

/*
 * The form window (a Teams dialog) and the chat are two views of one draft. What the window writes goes through
 * the same validation as a typed answer; what does not pass yet is kept as unfinished text rather than lost.
 * Pure: the engine loads, calls, saves.
 */

/** The official's text for one part, as the window sends it. */
export interface PartWrite {
  part: string;
  text: string;
}

export type PartResult =
  | { part: string; status: 'saved' }
  /** An optional part emptied: its answer is removed. */
  | { part: string; status: 'cleared' }
  /** Kept as unfinished text: what is wrong, in the chat's own words. */
  | { part: string; status: 'unfinished'; error: Message };

/** What an official may write in a window: any part of the table, not the kind or the session's name. */
export const isFormPart = (id: string, fields: Table = FIELDS): boolean => partOf(id, fields) !== undefined;

/**
 * The draft with these parts written: each one that passes is an answer (its unfinished text dropped); one that
 * fails is kept as unfinished text with the reason; an emptied optional part loses its answer, an emptied
 * required one keeps it (clearing a box is not a way to lose an answer). The chat moves on if the step it
 * stood at is now answered.
 */
export function writeParts(
  draft: Draft,
  writes: readonly PartWrite[],
  ctx: { locale: Locale; now: Date },
  fields: Table = FIELDS,
): { draft: Draft; results: PartResult[] } {
  const answers = { ...draft.answers };
  const unfinished = { ...(draft.unfinished ?? {}) };
  const results: PartResult[] = [];
  const at = ctx.now.toISOString();
  for (const { part: id, text } of writes) {
    const found = partOf(id, fields);
    if (!found) continue;
    if (text.trim() === '') {
      delete unfinished[id];
      if (!found.part.required && answers[id]) {
        delete answers[id];
        results.push({ part: id, status: 'cleared' });
      } else if (found.part.required && !answers[id])
        results.push({ part: id, status: 'unfinished', error: { key: 'errors.missing' } });
      else results.push({ part: id, status: 'saved' });
      continue;
    }
    if (answers[id]?.text === text.trim() && !unfinished[id]) {
      results.push({ part: id, status: 'saved' });
      continue;
    }
    const checked = validatePart(id, text, fields);
    if (checked.ok) {
      answers[id] = { ...checked.parsed, lang: ctx.locale, at };
      delete unfinished[id];
      results.push({ part: id, status: 'saved' });
    } else {
      unfinished[id] = { text, at };
      results.push({ part: id, status: 'unfinished', error: checked.error });
    }
  }
  const saved = new Set(results.filter((r) => r.status === 'saved').map((r) => r.part));
  let updated: Draft = {
    ...draft,
    answers,
    skipped: (draft.skipped ?? []).filter((s) => !saved.has(s)),
    updatedAt: at,
  };
  if (Object.keys(unfinished).length) updated.unfinished = unfinished;
  else delete updated.unfinished;
  if (!updated.skipped?.length) delete updated.skipped;
  // The chat stood at a part the window has now answered: it goes on at the next unanswered step.
  if (isFormPart(updated.cursor.step, fields) && hasAnswer(updated, updated.cursor.step) && !draft.cursor.returnTo)
    updated = advance(updated);
  return { draft: updated, results };
}

/** One part as the window draws it: the words come from the catalog, the limits from the schema. */
export interface WindowPart {
  id: string;
  key: string;
  input: string;
  required: boolean;
  min?: number;
  max?: number;
  text: string;
  /** The text is unfinished (does not pass yet); `error` says why. */
  unfinished: boolean;
}

export interface WindowField {
  number: number;
  key: string;
  parts: WindowPart[];
}

/** The fields a window shows (one, or all), with each part's current text: the unfinished one if any. */
export function windowFields(draft: Draft, only?: number, fields: Table = FIELDS): WindowField[] {
  const chosen: readonly FieldDef[] = only ? fields.filter((f) => f.number === only) : fields;
  return chosen.map((field) => ({
    number: field.number,
    key: field.key,
    parts: field.parts.map((part) => {
      const id = partId(field, part);
      const limits = limitsOf(part.schema);
      const pending = draft.unfinished?.[id];
      return {
        id,
        key: part.key,
        input: part.input,
        required: part.required,
        ...(limits ? { min: limits.min, max: limits.max } : {}),
        text: pending?.text ?? draft.answers[id]?.text ?? '',
        unfinished: !!pending,
      };
    }),
  }));
}
