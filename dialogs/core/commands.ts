import { fold } from './normalize.js';
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
] as const;
export type SimpleCommand = (typeof SIMPLE_COMMANDS)[number];

export type Command =
  | { name: SimpleCommand }
  | { name: 'edit'; field: number }
  | { name: 'resume'; index?: number }
  | { name: 'language'; arg?: string };

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

  const [head = '', ...rest] = q.split(' ');
  const arg = rest.join(' ').trim();
  const is = (name: string) => wordsOf(catalog, name).has(head);
  if (is('edit') && /^\d{1,2}$/.test(arg)) return { name: 'edit', field: Number(arg) };
  if (is('resume') && (arg === '' || /^\d{1,3}$/.test(arg)))
    return arg ? { name: 'resume', index: Number(arg) } : { name: 'resume' };
  if (is('language')) return arg ? { name: 'language', arg } : { name: 'language' };
  return undefined;
}
