import { z } from 'zod';

// Real answers carry e-mails and web addresses inside free text; these find the ones that are malformed.
const EMAIL_LIKE = /[^\s<>()[\]"'“”«»,;:]+@[^\s<>()[\]"'“”«»,;:]*/g;
const LINK_LIKE = /\b(?:h?t?tps?:?\/{0,3}|www\.)[^\s<>"'“”«»]*/gi;
const TRAILING = /[.,;:!?)\]»"'”]+$/;

const email = z.email();

export function isEmail(token: string): boolean {
  return email.safeParse(token).success;
}

/** E-mail-shaped tokens that are not valid addresses ("juan@gob", "ana@@x.org"); a bare "@handle" is not an e-mail. */
export function badEmails(text: string): string[] {
  // Most answers hold no e-mail at all: not worth running the pattern over every word of a long text.
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL_LIKE)]
    .map((m) => m[0].replace(TRAILING, ''))
    .filter((t) => !t.startsWith('@') && !isEmail(t));
}

export function emailsIn(text: string): string[] {
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL_LIKE)].map((m) => m[0].replace(TRAILING, '')).filter(isEmail);
}

function isGoodLink(token: string): boolean {
  if (!/^(https?:\/\/|www\.)/i.test(token)) return false;
  const withScheme = /^www\./i.test(token) ? `https://${token}` : token;
  try {
    const url = new URL(withScheme);
    return /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(url.hostname) || url.hostname === 'localhost';
  } catch {
    return false;
  }
}

/** Web addresses that cannot be opened as written ("htps://x", "http//x.org", "www.site"); "www.x.gob.pa" is fine. */
export function badLinks(text: string): string[] {
  // Every address the pattern can find contains "tp" (http, htps, tps…) or "www".
  if (!/tp|www/i.test(text)) return [];
  return [...text.matchAll(LINK_LIKE)]
    .map((m) => m[0].replace(TRAILING, ''))
    .filter((t) => /^(h?t?tps?|www)/i.test(t) && (/[:/]/.test(t) || /^www\./i.test(t)))
    .filter((t) => !isGoodLink(t));
}
