/*
 * "Lic. Carmen C. Montenegro directora de transparencia": a contact written as a name and then, in small
 * letters, the position. Read only when the name is all capitalised words (and the particles of names) and
 * the position starts with a word in small letters, so "María de los Ángeles Pérez" stays a name.
 */

const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'las',
  'los',
  'y',
  'e',
  'da',
  'das',
  'do',
  'dos',
  'du',
  'des',
  'van',
  'von',
  'di',
  'le',
]);
const capitalised = (word: string) => /^\p{Lu}/u.test(word);

export function nameAndPosition(text: string): { name: string; position: string } | undefined {
  const words = text.trim().split(/\s+/);
  const at = words.findIndex((w, i) => i >= 2 && /^\p{Ll}/u.test(w) && !PARTICLES.has(w) && w.length >= 4);
  if (at < 0) return undefined;
  const name = words.slice(0, at);
  if (!name.every((w) => capitalised(w) || PARTICLES.has(w)) || name.filter(capitalised).length < 2) return undefined;
  return { name: name.join(' '), position: words.slice(at).join(' ') };
}
