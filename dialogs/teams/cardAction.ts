import { z } from 'zod';
import type { CardAction } from '../core/engine.js';
import { LOCALES } from '../core/normalize.js';

// Card data comes back from the client: checked like any other input, never trusted as typed.
const schema = z.union([
  z.object({
    mesicic: z.literal('answer'),
    draftId: z.string().max(100),
    step: z.string().max(100),
    text: z.string().optional(),
    choice: z.string().optional(),
  }),
  z.object({ mesicic: z.literal('submit'), draftId: z.string().max(100) }),
  z.object({
    mesicic: z.literal('command'),
    command: z.enum(['skip', 'help', 'edit', 'resume', 'new', 'download', 'cancel']),
    draftId: z.string().max(100).optional(),
    step: z.string().max(100).optional(),
    field: z.coerce.number().int().optional(),
  }),
  // The import card's "fill my open draft instead".
  z.object({
    mesicic: z.literal('merge'),
    from: z.string().max(100),
    into: z.string().max(100),
    replace: z.boolean().optional(),
  }),
  // The welcome card's language buttons.
  z.object({ mesicic: z.literal('language'), locale: z.enum(LOCALES) }),
]);

/** The action a card button sent, or undefined when the value is not one of ours. */
export function cardActionFrom(value: unknown): CardAction | undefined {
  // Typed messages carry no value: not worth a failed parse (zod builds its error report) on every turn.
  if (typeof value !== 'object' || value === null || !('mesicic' in value)) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return undefined;
  const v = parsed.data;
  if (v.mesicic === 'answer')
    return { kind: 'answer', draftId: v.draftId, step: v.step, text: v.text ?? v.choice ?? '' };
  if (v.mesicic === 'submit') return { kind: 'submit', draftId: v.draftId };
  if (v.mesicic === 'language') return { kind: 'language', locale: v.locale };
  if (v.mesicic === 'merge')
    return { kind: 'merge', from: v.from, into: v.into, ...(v.replace ? { replace: true } : {}) };
  return {
    kind: 'command',
    command: v.command,
    ...(v.draftId ? { draftId: v.draftId } : {}),
    ...(v.step ? { step: v.step } : {}),
    ...(v.field !== undefined ? { field: v.field } : {}),
  };
}
