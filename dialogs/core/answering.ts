import { KIND_STEP, REVIEW_STEP, SESSION_STEP, type Draft, type SubmissionKind } from './draft.js';
import { partId, partOf, type FieldDef, type PartDef } from './fields.js';
import { advance } from './navigation.js';
import type { Locale } from './normalize.js';
import { shortText } from './schemas.js';
import { validatePart, type Message } from './validation.js';

/*
 * What an answer does to a draft, as a pure function: the new draft (already moved on, or kept open for more)
 * and what to acknowledge, or the draft with one more failed try and what is wrong. No storage, no texts: the
 * engine saves the draft once and words the reply.
 */

/** After this many failed tries on one step the bot offers help or skipping instead of asking again. */
export const MAX_TRIES = 3;
/** A post this long is close to Teams' ~28 KB limit: the answer may go on in the next post. */
export const LONG_POST_CHARS = 12_000;

export interface AnswerContext {
  /** The official's language, kept with each answer (answers are never translated). */
  locale: Locale;
  now: Date;
  /** The kind of submission a text names ("1", "buena práctica"), if any. */
  kindOf: (text: string) => SubmissionKind | undefined;
}

/** What was understood, to show back to the official. */
export interface Understood {
  step: string;
  /** The answer as kept: the whole text, or the kind's label key for the kind step (empty for a field pasted whole). */
  text: string;
  /** For a field pasted whole (a contact card): each part and its text, to be shown with the parts' names. */
  parts?: { field: FieldDef; part: PartDef; text: string }[];
  /** "answer.saved", "answer.appended", "append.longSaved", "answer.blockSaved"; none for the kind and the session. */
  said?: Message;
  /** A gentle reminder about what the answer may still lack (e.g. sustainability). */
  reminder?: Message;
  /** The kind chosen, for the kind step. */
  kind?: SubmissionKind;
}

export type Outcome =
  | { type: 'accepted'; draft: Draft; understood: Understood }
  | {
      type: 'rejected';
      draft: Draft;
      error: Message;
      offerWayOut: boolean;
      inPart?: { field: FieldDef; part: PartDef };
      /** Parts of the same message that passed and were kept, to be acknowledged before the error. */
      kept?: Understood;
    }
  /** At the review there is nothing to answer: the official is told how to go on. */
  | { type: 'notAnAnswer' };

/** `inPart`: the error is about one part of a field pasted whole. */
function rejected(draft: Draft, error: Message, inPart?: { field: FieldDef; part: PartDef }): Outcome {
  // The failure count is kept with the draft, so the offer of help survives a change of device.
  const failures = draft.cursor.failures + 1;
  return {
    type: 'rejected',
    draft: { ...draft, cursor: { ...draft.cursor, failures } },
    error,
    offerWayOut: failures >= MAX_TRIES,
    ...(inPart ? { inPart } : {}),
  };
}

export function answer(draft: Draft, text: string, ctx: AnswerContext): Outcome {
  const step = draft.cursor.step;
  if (step === KIND_STEP) return answerKind(draft, text, ctx);
  if (step === SESSION_STEP) {
    const result = shortText(5, 300).safeParse(text);
    if (!result.success) return rejected(draft, { key: 'errors.sessionName', params: { min: 5 } });
    return {
      type: 'accepted',
      draft: advance({ ...draft, sessionName: result.data.text }),
      understood: { step, text: result.data.text },
    };
  }
  if (step === REVIEW_STEP) return { type: 'notAnAnswer' };

  const appending = draft.cursor.appending && draft.answers[step];
  const found = partOf(step);
  const block = !appending && found?.field.parts[0] === found?.part ? found?.field.fromBlock?.(text) : undefined;
  if (found && block) return answerBlock(draft, found.field, block, ctx);
  const full = appending ? `${draft.answers[step]!.text}\n\n${text.trim()}` : text;
  const result = validatePart(step, full);
  if (!result.ok) return rejected(draft, result.error);

  const answers = { ...draft.answers, [step]: { ...result.parsed, lang: ctx.locale, at: ctx.now.toISOString() } };
  const updated: Draft = { ...draft, answers, skipped: (draft.skipped ?? []).filter((s) => s !== step) };
  const reminder = result.reminder ? { reminder: result.reminder } : {};
  if (text.length >= LONG_POST_CHARS) {
    // Teams cut this post close to its size limit; the official may have more to add before we move on.
    const open: Draft = { ...updated, cursor: { ...draft.cursor, failures: 0, appending: true } };
    return {
      type: 'accepted',
      draft: open,
      understood: { step, text: full, said: { key: 'append.longSaved', params: { length: full.length } }, ...reminder },
    };
  }
  return {
    type: 'accepted',
    draft: advance(updated),
    understood: { step, text: full, said: { key: appending ? 'answer.appended' : 'answer.saved' }, ...reminder },
  };
}

/**
 * A block that fills several parts of a field at once (a pasted contact card, "institution; State"): the
 * parts that pass are kept, and the first that fails is asked again alone, with what was wrong.
 */
function answerBlock(draft: Draft, field: FieldDef, block: Record<string, string>, ctx: AnswerContext): Outcome {
  const answers = { ...draft.answers };
  const parts: { field: FieldDef; part: PartDef; text: string }[] = [];
  let failed: { part: PartDef; error: Message } | undefined;
  for (const part of field.parts) {
    const text = block[part.key];
    if (text === undefined) continue;
    const result = validatePart(partId(field, part), text);
    if (!result.ok) {
      failed ??= { part, error: result.error };
      continue;
    }
    answers[partId(field, part)] = { ...result.parsed, lang: ctx.locale, at: ctx.now.toISOString() };
    parts.push({ field, part, text });
  }
  const kept = new Set(parts.map((p) => partId(field, p.part)));
  const updated: Draft = { ...draft, answers, skipped: (draft.skipped ?? []).filter((s) => !kept.has(s)) };
  const first = partId(field, field.parts[0]!);
  if (failed) {
    // The cursor moves to the failing part, so the next message answers it alone; a new step's tries start at 0.
    const cursor = { ...updated.cursor, step: partId(field, failed.part), failures: 0 };
    delete cursor.appending;
    const outcome = rejected({ ...updated, cursor }, failed.error, { field, part: failed.part });
    return parts.length && outcome.type === 'rejected'
      ? { ...outcome, kept: { step: first, text: '', parts } }
      : outcome;
  }
  const last = partId(field, field.parts[field.parts.length - 1]!);
  // A required part the message did not hold ("Name, e-mail" without the position) is asked next.
  const missing = field.parts.find((p) => p.required && !answers[partId(field, p)]);
  const cursor = missing
    ? { ...updated.cursor, step: partId(field, missing), failures: 0 }
    : { ...updated.cursor, step: last };
  return {
    type: 'accepted',
    draft: missing ? { ...updated, cursor } : advance({ ...updated, cursor }),
    understood: { step: first, text: '', parts, said: { key: 'answer.blockSaved' } },
  };
}

function answerKind(draft: Draft, text: string, ctx: AnswerContext): Outcome {
  const kind = ctx.kindOf(text);
  if (!kind) return rejected(draft, { key: 'errors.kind' });
  const updated: Draft = { ...draft, kind };
  if (kind === 'practice') delete updated.sessionName;
  return {
    type: 'accepted',
    draft: advance(updated),
    understood: { step: KIND_STEP, text: `kinds.${kind}.label`, kind },
  };
}
