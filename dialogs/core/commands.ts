import { LOCALES, fold, type Locale } from './normalize.js';
import type { Catalog } from './texts.js';

export const SIMPLE_COMMANDS = [
  'help',
  'status',
  'back',
  'skip',
  'cancel',
  'next',
  'more',
  'new',
  'review',
  'submit',
  'drafts',
  'download',
] as const;
export type SimpleCommand = (typeof SIMPLE_COMMANDS)[number];

export type Command =
  | { name: SimpleCommand }
  /** `arg`: what followed the word when it names no field ("edit abc", "editar 99"), for the reply to quote. */
  | { name: 'edit'; field: number; arg?: string }
  | { name: 'resume'; index?: number }
  | { name: 'language'; arg?: string }
  /** "borrar" asks for a confirmation; "borrar sí" deletes. */
  | { name: 'delete'; confirmed: boolean }
  /** "sin recordatorios" / "con recordatorios": proactive reminders off or back on. */
  | { name: 'reminders'; on: boolean };

const clean = (text: string) =>
  fold(text)
    .replace(/^\//, '')
    .replace(/[.!?¡¿]+$/g, '')
    .trim();

// Every message is checked against every command's words in four languages: fold them once per catalog.
const folded = new WeakMap<Catalog, Map<string, Set<string>>>();
function wordsOf(catalog: Catalog, name: string): Set<string> {
  let byName = folded.get(catalog);
  if (!byName) folded.set(catalog, (byName = new Map<string, Set<string>>()));
  let words = byName.get(name);
  if (!words) byName.set(name, (words = new Set(catalog.words(`commands.${name}`).map(clean))));
  return words;
}

// "editar 3", "edit field 3", "modifier le champ 3", "editar n° 3" (folded: no accents, lower case).
const FIELD_ARG = /^(?:(?:el |le |o |the )?(?:campo|field|champ|numero|number|no|n°|nº|#)\s*)?#?(\d{1,3})$/;
// Nothing, one word or a signed number ("-1", "+2", "3,5"): what an official types meaning a field number.
const BAD_ARG = /^(?:[^\s]*|[-+]?\s*\d[\d.,]*|(?:campo|field|champ|numero|number) [^\s]+)$/;

/**
 * The language a name stands for: "español", "English", "portugués", "français", "spanish"... in any of the four
 * languages (the catalog's `languages.*` words of every locale). With `codes`, "en" or "pt-BR" as well.
 */
export function languageNamed(text: string, catalog: Catalog, codes = false): Locale | undefined {
  const q = clean(text);
  const named = LOCALES.find((l) => {
    let byName = folded.get(catalog);
    if (!byName) folded.set(catalog, (byName = new Map<string, Set<string>>()));
    let words = byName.get(`languages.${l}`);
    if (!words) byName.set(`languages.${l}`, (words = new Set(catalog.words(`languages.${l}`).map(clean))));
    return words.has(q);
  });
  if (named || !codes) return named;
  // A code alone ("en", "pt-br"): only after the language command, since "es" or "en" alone are ordinary words.
  return LOCALES.find((l) => q === l || q.startsWith(`${l}-`) || q.startsWith(`${l}_`));
}

/**
 * A message is a command only when it is nothing but the command ("ayuda", "edit 3", "continuar 2"), so an
 * answer that happens to contain such a word is never taken for one.
 */
export function parseCommand(text: string, catalog: Catalog): Command | undefined {
  // An answer of several paragraphs is never a command: no need to fold all of it.
  if (text.length > 200) return undefined;
  const q = clean(text);
  if (!q || q.length > 40) return undefined;
  for (const name of SIMPLE_COMMANDS) if (wordsOf(catalog, name).has(q)) return { name };
  if (wordsOf(catalog, 'remindersOff').has(q)) return { name: 'reminders', on: false };
  if (wordsOf(catalog, 'remindersOn').has(q)) return { name: 'reminders', on: true };
  // A language's name alone switches, like "idioma en": what an official types when the bot speaks the wrong one.
  if (languageNamed(q, catalog)) return { name: 'language', arg: q };

  const [head = '', ...rest] = q.split(' ');
  const arg = rest.join(' ').trim();
  const is = (name: string) => wordsOf(catalog, name).has(head);
  if (is('edit')) {
    const number = FIELD_ARG.exec(arg)?.[1];
    if (number) return { name: 'edit', field: Number(number) };
    // "editar -1", "edit abc", "modifier zéro": the command with a bad number, answered about the command, never
    // kept as the field's text. Several words after it ("cambiar la ley…") may be a real answer: left alone.
    if (BAD_ARG.test(arg)) return { name: 'edit', field: 0, arg };
  }
  if (is('resume') && (arg === '' || /^\d{1,3}$/.test(arg)))
    return arg ? { name: 'resume', index: Number(arg) } : { name: 'resume' };
  // "continuar abc", "resume -2": the list of drafts to pick from, not an answer.
  if (is('resume') && BAD_ARG.test(arg)) return { name: 'resume', index: 0 };
  if (is('language')) return arg ? { name: 'language', arg } : { name: 'language' };
  if (is('delete') && (arg === '' || wordsOf(catalog, 'yes').has(arg)))
    return { name: 'delete', confirmed: arg !== '' };
  return undefined;
}
