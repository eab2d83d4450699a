import { fold } from './normalize.js';
import { FIELDS, partsOf, partOf, type FieldDef, type PartIdOrStep, type Table } from './fields.js';
import type { Parsed } from './schemas.js';

/** A message for the official: an i18n key and the values for its placeholders. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export type PartResult = { ok: true; parsed: Parsed; reminder?: Message } | { ok: false; error: Message };

export function validatePart<S extends string>(
  step: PartIdOrStep<S>,
  text: string,
  fields: Table = FIELDS,
): PartResult {
  const id: string = step;
  const found = partOf(id, fields);
  if (!found) return { ok: false, error: { key: 'errors.unknownField', params: { id } } };
  const result = found.part.schema.safeParse(text);
  if (!result.success) {
    const issue = result.error.issues[0];
    const extra = issue as { minimum?: number | bigint; maximum?: number | bigint; params?: Record<string, string> };
    const params: Record<string, string | number> = { ...(extra.params ?? {}), length: text.trim().length };
    if (extra.minimum !== undefined) params.min = Number(extra.minimum);
    if (extra.maximum !== undefined) params.max = Number(extra.maximum);
    return { ok: false, error: { key: issue?.message ?? 'errors.invalid', params } };
  }
  const remind = found.part.remind;
  const reminder = remind && !remind.anyOf.test(fold(text)) ? { key: remind.key } : undefined;
  return { ok: true, parsed: result.data, ...(reminder ? { reminder } : {}) };
}

export interface Problem {
  field: FieldDef;
  part: string;
  error: Message;
}

/** Every required part that is empty, and every kept answer that no longer passes: what blocks a submission. */
export function problems(
  answers: Readonly<Record<string, { text: string } | undefined>>,
  fields: Table = FIELDS,
): Problem[] {
  const out: Problem[] = [];
  for (const { field, part, id } of partsOf(fields)) {
    const answer = answers[id];
    if (!answer) {
      if (part.required) out.push({ field, part: part.key, error: { key: 'errors.missing' } });
      continue;
    }
    const check = validatePart(id, answer.text, fields);
    if (!check.ok) out.push({ field, part: part.key, error: check.error });
  }
  return out;
}
