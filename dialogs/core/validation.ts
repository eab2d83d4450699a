import { fold } from './normalize.js';
import { FIELDS, partId, partOf, type FieldDef } from './fields.js';
import type { Parsed } from './schemas.js';

/** A message for the official: an i18n key and the values for its placeholders. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export type PartResult = { ok: true; parsed: Parsed; reminder?: Message } | { ok: false; error: Message };

export function validatePart(id: string, text: string): PartResult {
  const found = partOf(id);
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
export function problems(answers: Readonly<Record<string, { text: string } | undefined>>): Problem[] {
  const out: Problem[] = [];
  for (const field of FIELDS) {
    for (const part of field.parts) {
      const answer = answers[partId(field, part)];
      if (!answer) {
        if (part.required) out.push({ field, part: part.key, error: { key: 'errors.missing' } });
        continue;
      }
      const check = validatePart(partId(field, part), answer.text);
      if (!check.ok) out.push({ field, part: part.key, error: check.error });
    }
  }
  return out;
}
