import { z } from 'zod';
import {
  badEmails,
  badLinks,
  emailsIn,
  isRepetitive,
  letterRatio,
  otherSchemes,
  withoutControls,
} from './inlineChecks.js';
import { conventionOnly, findState, label } from './reference.js';
import { parseProvisions } from './provisions.js';

/**
 * Each schema turns what an official typed into the value we keep. The text itself is kept as written
 * (trimmed); `value` carries what the Secretariat sorts by (a State code, provision ids, the e-mail).
 * Error messages are i18n keys; `params` fill their placeholders.
 */
export interface Parsed {
  text: string;
  value?: string | string[];
}

const trimmed = (min: number, max: number) =>
  z
    .string()
    .overwrite(withoutControls)
    .trim()
    .min(1, { error: 'errors.empty', abort: true })
    .min(min, { error: 'errors.tooShort', abort: true })
    .max(max, { error: 'errors.tooLong', abort: true });

/** Text that is not writing: a character or a phrase repeated over most of it, or a link to something else than a web page. */
function checkQuality(text: string, ctx: z.RefinementCtx<string>): void {
  const scheme = otherSchemes(text)[0];
  if (scheme) ctx.addIssue({ code: 'custom', message: 'errors.linkScheme', params: { link: scheme.slice(0, 80) } });
  else if (isRepetitive(text)) ctx.addIssue({ code: 'custom', message: 'errors.repetitive' });
}

// Below this share of letters a narrative is digits, symbols or keyboard noise, not sentences.
const MIN_LETTERS = 0.5;

function checkInline(text: string, ctx: z.RefinementCtx<string>): void {
  const email = badEmails(text)[0];
  if (email) ctx.addIssue({ code: 'custom', message: 'errors.emailInText', params: { email } });
  const link = badLinks(text)[0];
  if (link) ctx.addIssue({ code: 'custom', message: 'errors.link', params: { link } });
}

export const shortText = (min: number, max: number) =>
  limited(
    trimmed(min, max)
      .superRefine(checkQuality)
      .transform((text): Parsed => ({ text })),
    min,
    max,
  );

/** `words`: the text must be mostly letters (the narrative fields, 40+ characters; not a list of documents). */
export const longText = (min: number, max: number, words = min >= 40) => limited(longChecks(min, max, words), min, max);

const longChecks = (min: number, max: number, words: boolean) =>
  trimmed(min, max)
    .superRefine(checkQuality)
    .superRefine((text, ctx) => {
      if (words && letterRatio(text) < MIN_LETTERS)
        ctx.addIssue({
          code: 'custom',
          message: 'errors.fewLetters',
          params: { percent: Math.round(letterRatio(text) * 100) },
        });
    })
    .superRefine(checkInline)
    .transform((text): Parsed => ({ text }));

export const stateParty = () => limited(stateChecks(), 2, 200);

const stateChecks = () =>
  trimmed(2, 200).transform((text, ctx): Parsed => {
    const match = findState(text);
    if (match.kind === 'one') return { text, value: match.item.code };
    const outside = match.kind === 'none' ? conventionOnly(text) : undefined;
    if (outside) {
      ctx.addIssue({ code: 'custom', message: 'errors.stateNotMember', params: { text, name: label(outside, 'es') } });
      return z.NEVER;
    }
    const options = match.kind === 'many' ? match.items.map((s) => s.es).join(', ') : '';
    ctx.addIssue({
      code: 'custom',
      message: match.kind === 'many' ? 'errors.stateAmbiguous' : 'errors.stateUnknown',
      params: { text, options },
    });
    return z.NEVER;
  });

export const provisions = () => limited(provisionChecks(), 1, 4000);

const provisionChecks = () =>
  trimmed(1, 4000).transform((text, ctx): Parsed => {
    const parsed = parseProvisions(text);
    if (parsed.ok) return { text, value: parsed.ids };
    if (parsed.reason === 'unknown')
      ctx.addIssue({ code: 'custom', message: 'errors.provisionUnknown', params: { ref: parsed.ref } });
    else if (parsed.reason === 'ambiguous')
      ctx.addIssue({
        code: 'custom',
        message: 'errors.provisionAmbiguous',
        params: { text: parsed.text, options: parsed.candidates.map((p) => p.id).join(', ') },
      });
    else ctx.addIssue({ code: 'custom', message: 'errors.provisionNone' });
    return z.NEVER;
  });

/** Officials write "correo ana@x.gob.pa"; we keep their words and take the one address out of them. */
export const emailAddress = () => limited(emailChecks(), 3, 320);

const emailChecks = () =>
  trimmed(3, 320).transform((text, ctx): Parsed => {
    const bad = badEmails(text)[0];
    const found = emailsIn(text);
    if (bad) ctx.addIssue({ code: 'custom', message: 'errors.email', params: { email: bad } });
    else if (found.length === 0) ctx.addIssue({ code: 'custom', message: 'errors.emailMissing' });
    else return { text, value: found[0]! };
    return z.NEVER;
  });

export const phone = () => limited(phoneChecks(), 7, 80);

const phoneChecks = () =>
  trimmed(7, 80)
    .superRefine((text, ctx) => {
      const digits = text.replace(/\D/g, '').length;
      if (digits < 7 || digits > 20 || text.includes('@'))
        ctx.addIssue({ code: 'custom', message: 'errors.phone', params: { text } });
    })
    .transform((text): Parsed => ({ text }));

export type PartSchema = z.ZodType<Parsed, string>;

/** How long an answer may be, per schema: a form window counts characters against it as the official writes. */
const LIMITS = new WeakMap<object, { min: number; max: number }>();

function limited<T extends object>(schema: T, min: number, max: number): T {
  LIMITS.set(schema, { min, max });
  return schema;
}

/** The length an answer to this schema must have (after trimming), when the schema says. */
export const limitsOf = (schema: PartSchema): { min: number; max: number } | undefined => LIMITS.get(schema);
