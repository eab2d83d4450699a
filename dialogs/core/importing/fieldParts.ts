import type { FieldDef } from '../fields.js';
import { citesProvision } from '../provisions.js';
import { nameAndPosition } from './nameAndPosition.js';

/*
 * A section's text as its field's parts, read as the field's own block reader reads a pasted field
 * (splitParts.ts, contactBlock.ts); what it cannot tell apart stays in the first part, and a part the
 * text does not hold (the State, most often) is left missing, for the bot to ask.
 */

/** The official's bold marks, which the part readers drop, put back where the part is a piece of the section. */
function asWritten(value: string, source: string): string {
  if (source.includes(value)) return value;
  const at: number[] = [];
  let plain = '';
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('**', i)) {
      i++;
      continue;
    }
    at.push(i);
    plain += source[i];
  }
  const start = plain.indexOf(value);
  if (start < 0 || !value) return value;
  const piece = source.slice(at[start], at[start + value.length - 1]! + 1);
  return (piece.match(/\*\*/g) ?? []).length % 2 === 0 ? piece : value;
}

export function partsFromSection(field: FieldDef, text: string): Record<string, string> {
  const first = field.parts[0]!.key;
  if (field.parts.length === 1) return { [first]: text };
  const split = field.fromBlock?.(text);
  const parts: Record<string, string> = split
    ? Object.fromEntries(Object.entries(split).map(([k, v]) => [k, asWritten(v, text)]))
    : { [first]: text };
  // A title that cites its article inside ("se relaciona con el artículo III … numeral 11") answers both, as
  // the official would paste it at both prompts; the provisions' reader takes the citation out of it.
  for (const p of field.parts)
    if (p.input === 'provisions' && parts[p.key] === undefined && citesProvision(text)) parts[p.key] = text;
  // contactBlock's own keys: a contact on one line gives its name and position as one piece.
  const keys = field.parts.map((p) => p.key);
  if (keys.includes('position') && parts.name !== undefined && parts.position === undefined) {
    const read = nameAndPosition(parts.name);
    if (read) Object.assign(parts, read);
  }
  return parts;
}
