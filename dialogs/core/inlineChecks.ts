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

// Control characters (Unicode Cc) carry nothing an official meant to write and can break exports and cards; tabs
// and line breaks are kept. Format marks (joiners, direction marks) are kept: Arabic or emoji text needs them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function withoutControls(text: string): string {
  return text.replace(CONTROLS, '');
}

// Addresses a reader's client would open as something other than a web page: only http(s) and "www." are links.
const OTHER_SCHEME =
  /(?<![\p{L}\p{N}])(?:(?!https?:)[a-z][a-z0-9+.-]{1,30}:\/\/|(?:javascript|vbscript|data|file|blob|about|mailto|ftp|ftps|sftp|smb|tel|sms|ldap|gopher|ms-[a-z-]+):)[^\s<>"'“”«»]*/giu;

// Punctuation after an address ends the sentence; a ")" ends it only when it closes nothing in it ("alert(1)").
function withoutCloser(token: string): string {
  const t = token.replace(/[.,;:!?\]»"'”]+$/, '');
  const open = t.split('(').length - 1;
  const close = t.split(')').length - 1;
  return close > open && t.endsWith(')') ? withoutCloser(t.slice(0, -1)) : t;
}

/** Addresses with a scheme other than http(s) ("javascript:…", "file:///…", "ftp://…"). */
export function otherSchemes(text: string): string[] {
  if (!text.includes(':')) return [];
  // A misspelt http ("htps://", "htp://") is a web address typed wrong: badLinks says how to fix it.
  return [...text.matchAll(OTHER_SCHEME)].map((m) => withoutCloser(m[0])).filter((t) => !/^h?t?t?p?s?:/i.test(t));
}

/**
 * Garbage rather than writing: one character (or a short run of them) repeated over most of the text, or the
 * same few words (a line, a phrase) said again and again. Real answers repeat words, never most of themselves.
 */
export function isRepetitive(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length < 20) return false;
  const chars = flat.replace(/ /g, '');
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (Math.max(...counts.values()) / chars.length > 0.4) return true;
  // A unit of up to 20 characters said five times in a row or more ("abab…", "hola hola …").
  let covered = 0;
  for (const m of flat.matchAll(/(.{1,20}?)\1{4,}/gsu)) covered += m[0].length;
  if (covered / flat.length > 0.5) return true;
  // Longer units (a whole line, a sentence): most three-word sequences are the same few.
  const words = flat.toLowerCase().split(' ');
  if (words.length < 10) return false;
  const trigrams = new Set<string>();
  for (let i = 0; i + 2 < words.length; i++) trigrams.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return trigrams.size / (words.length - 2) < 0.4;
}

/** The share of letters among the visible characters: a narrative is mostly words, not digits and symbols. */
export function letterRatio(text: string): number {
  const visible = text.replace(/\s+/g, '');
  if (!visible) return 1;
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  return letters / visible.length;
}
