import type { StatusChange } from '../../dialogs/core/draft.js';
import { FIELDS, type Table } from '../../dialogs/core/fields.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { capitalize } from '../export/labels.js';

/** One step of a practice's review, as the tab shows it: who moved it, when, to what, on which fields and why. */
export interface HistoryEntry {
  status: StatusChange['status'];
  statusLabel: string;
  at: string;
  by: string;
  /** Which submission this step belongs to (1 for the first, 2 after a first return, ...). */
  version: number;
  /** The fields a return named, with their labels and, when the reviewer wrote one per field, its comment. */
  fields: { number: number; label: string; comment?: string }[];
  comment: string | null;
}

// How ReviewService writes a return's note: the field numbers, then the reviewer's comment ("3,7: …"); with a
// comment per field, that comment is one line per field ("3: …\n7: …").
const RETURN_NOTE = /^(\d+(?:\s*,\s*\d+)*):\s?([\s\S]*)$/;
const FIELD_LINE = /^(\d+):\s?(.*)$/;

/** "3: …\n7: …" as one comment per field, when every line is one of the named fields'; otherwise nothing. */
function perField(comment: string, numbers: readonly number[]): Map<number, string> | undefined {
  const lines = comment.split('\n').filter((l) => l.trim());
  if (numbers.length < 2 || lines.length !== numbers.length) return undefined;
  const out = new Map<number, string>();
  for (const line of lines) {
    const m = FIELD_LINE.exec(line.trim());
    if (!m || !numbers.includes(Number(m[1]))) return undefined;
    out.set(Number(m[1]), m[2]!.trim());
  }
  return out;
}

/** The record's history, oldest first, with a return's note split back into its fields and its comment. */
export function historyOf(history: readonly StatusChange[], tx: Texts, fields: Table = FIELDS): HistoryEntry[] {
  let version = 0;
  return history.map((change) => {
    if (change.status === 'submitted') version++;
    const note = change.note?.trim() ?? '';
    const parsed = change.status === 'returned' ? RETURN_NOTE.exec(note) : null;
    const numbers = parsed ? parsed[1]!.split(',').map((n) => Number(n.trim())) : [];
    const comment = (parsed ? parsed[2]! : note).trim();
    const each = perField(comment, numbers);
    const named = numbers.flatMap((n) => {
      const field = fields.find((f) => f.number === n);
      const own = each?.get(n);
      return field ? [{ number: n, label: tx.t(`fields.${field.key}.label`), ...(own ? { comment: own } : {}) }] : [];
    });
    return {
      status: change.status,
      statusLabel: capitalize(tx.t(`statuses.${change.status}`), tx.locale),
      at: change.at,
      by: change.by,
      version: Math.max(version, 1),
      fields: named,
      comment: comment || null,
    };
  });
}
