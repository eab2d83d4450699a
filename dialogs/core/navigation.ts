import { KIND_STEP, REVIEW_STEP, SESSION_STEP, stepsOf, type Draft } from './draft.js';
import { FIELDS, fieldOf, partId, partOf, type FieldDef } from './fields.js';

/*
 * Where the official goes next, as pure functions of the draft: no storage, no texts. The engine decides with
 * them, saves the draft they return once, and replies.
 */

/** Whether the official has answered this step (the kind, the session's name, or a field part). */
export function hasAnswer(draft: Draft, step: string): boolean {
  if (step === SESSION_STEP) return !!draft.sessionName;
  if (step === KIND_STEP) return !!draft.kind;
  return !!draft.answers[step];
}

/** The draft standing at `step`, with a fresh try count. */
export function moveTo(draft: Draft, step: string, extra: { returnTo?: string } = {}): Draft {
  return { ...draft, cursor: { step, failures: 0, ...extra } };
}

/** The next step: the rest of a field being edited, then back where the official was; otherwise the next unanswered step. */
export function nextStep(draft: Draft): { step: string; returnTo?: string } {
  const steps = stepsOf(draft);
  const at = steps.indexOf(draft.cursor.step);
  const current = fieldOf(draft.cursor.step);
  const following = steps[at + 1];
  if (draft.cursor.returnTo) {
    if (current && following && fieldOf(following) === current)
      return { step: following, returnTo: draft.cursor.returnTo };
    return { step: steps.includes(draft.cursor.returnTo) ? draft.cursor.returnTo : REVIEW_STEP };
  }
  if (draft.cursor.step === KIND_STEP || draft.cursor.step === SESSION_STEP) {
    if (following === SESSION_STEP && !draft.sessionName) return { step: SESSION_STEP };
  }
  if (draft.status === 'returned' && draft.review) {
    // A returned practice is asked again only the fields the Secretariat named, each of their parts.
    const named = steps.slice(at + 1).find((s) => draft.review!.fields.includes(fieldOf(s)?.number ?? -1));
    return { step: named ?? REVIEW_STEP };
  }
  const skipped = new Set(draft.skipped ?? []);
  const next = steps
    .slice(at + 1)
    .find((s) => s === REVIEW_STEP || (s !== SESSION_STEP && !hasAnswer(draft, s) && !skipped.has(s)));
  return { step: next ?? REVIEW_STEP };
}

/** The draft moved on to its next step. */
export function advance(draft: Draft): Draft {
  const { step, returnTo } = nextStep(draft);
  return moveTo(draft, step, returnTo ? { returnTo } : {});
}

/** One step back; undefined at the first step. */
export function back(draft: Draft): Draft | undefined {
  const steps = stepsOf(draft);
  const at = steps.indexOf(draft.cursor.step);
  return at <= 0 ? undefined : moveTo(draft, steps[at - 1]!);
}

/** "edit N": the first part of field N, coming back afterwards to where the official was. */
export function editField(draft: Draft, number: number): Draft | undefined {
  const field = FIELDS.find((f) => f.number === number);
  if (!field) return undefined;
  return moveTo(draft, partId(field, field.parts[0]!), { returnTo: draft.cursor.returnTo ?? draft.cursor.step });
}

/** "next" keeps the shown answer; with nothing to keep for a required part there is nothing to move past. */
export function canKeep(draft: Draft): boolean {
  const step = draft.cursor.step;
  if (step === REVIEW_STEP || step === KIND_STEP || hasAnswer(draft, step)) return true;
  return partOf(step)?.part.required === false;
}

/** `kept`: the step already had an answer, which skipping keeps (it only moves on). */
export type Skipped = { draft: Draft; field: FieldDef; whole: boolean; kept: boolean };

/**
 * "skip": an optional part is simply left empty; a required one leaves its whole field for later. Undefined
 * where there is nothing to skip (the kind, the session's name, the review).
 */
export function skip(draft: Draft): Skipped | undefined {
  const step = draft.cursor.step;
  const found = partOf(step);
  if (!found) return undefined;
  const whole = found.part.required;
  const kept = hasAnswer(draft, step);
  // Parts with an answer keep it and are not marked skipped: "skip" never erases what the official wrote.
  const skipped = (whole ? found.field.parts.map((p) => partId(found.field, p)) : [step]).filter(
    (s) => !hasAnswer(draft, s),
  );
  const marked: Draft = { ...draft, skipped: [...new Set([...(draft.skipped ?? []), ...skipped])] };
  const last = partId(found.field, found.field.parts[found.field.parts.length - 1]!);
  return {
    draft: advance({ ...marked, cursor: { ...marked.cursor, step: whole ? last : step } }),
    field: found.field,
    whole,
    kept,
  };
}

/** "more": adds to the answer just given (or to the current one if it already has text). */
export function more(draft: Draft): { draft: Draft; target: string } | undefined {
  const steps = stepsOf(draft);
  const at = steps.indexOf(draft.cursor.step);
  const target = [draft.cursor.step, steps[at - 1]].find((s): s is string => !!s && !!partOf(s) && !!draft.answers[s]);
  if (!target) return undefined;
  const returnTo = target === draft.cursor.step ? draft.cursor.returnTo : draft.cursor.step;
  return {
    draft: { ...draft, cursor: { step: target, failures: 0, appending: true, ...(returnTo ? { returnTo } : {}) } },
    target,
  };
}
