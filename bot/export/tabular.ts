import { semesterOf, thematicAreas, type Classified } from '../../dialogs/core/classify.js';
import { FIELDS, partsOf, type Table } from '../../dialogs/core/fields.js';
import { label } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { fieldHeading, kindLabel, partName, stateName, statusLabel } from './labels.js';

// A record's keys in reading order, so two exports of the same practices are byte for byte the same.
const RECORD_KEYS = [
  'reference',
  'draftId',
  'kind',
  'sessionName',
  'status',
  'version',
  'state',
  'institution',
  'title',
  'provisions',
  'areas',
  'submittedAt',
  'submittedBy',
  'lang',
  'answers',
  'history',
];
const DATE_KEYS = new Set(['at', 'submittedAt']);

const iso = (value: string) => {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
};

/** Keys in `first` order, then the rest alphabetically; dates written as ISO 8601 in UTC. */
function ordered(value: unknown, first: readonly string[], partIds: readonly string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, [], partIds));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = [
    ...first.filter((k) => k in obj),
    ...Object.keys(obj)
      .filter((k) => !first.includes(k))
      .sort(),
  ];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    out[key] =
      DATE_KEYS.has(key) && typeof v === 'string' ? iso(v) : ordered(v, key === 'answers' ? partIds : [], partIds);
  }
  return out;
}

/** The practices as a JSON array, as stored (with a reviewer's `areas` when set). */
export function toJson(records: readonly Classified[], fields: Table = FIELDS): string {
  const partIds = partsOf(fields).map((p) => p.id);
  return `${JSON.stringify(
    records.map((r) => ordered(r, RECORD_KEYS, partIds)),
    null,
    2,
  )}\n`;
}

const COLUMNS = [
  'reference',
  'status',
  'version',
  'kind',
  'session',
  'stateCode',
  'stateName',
  'institution',
  'title',
  'provisions',
  'areas',
  'semester',
  'submittedAt',
  'submittedBy',
  'language',
];

// A spreadsheet runs a cell that starts like a formula ("=HYPERLINK(…)", "+1…", "-2…", "@SUM(…)"): officials'
// text could then act in a reviewer's Excel. Such a cell gets a leading apostrophe (OWASP's advice); the JSON
// export keeps every text exactly as written.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180: quote a cell holding a comma, quote or line break, and double its quotes.
const cell = (raw: string) => {
  const value = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
};

/**
 * One row per practice, every answer in full. CRLF between rows, and a UTF-8 byte order mark so Excel
 * reads accents right instead of guessing a Windows code page.
 */
export function toCsv(records: readonly Classified[], tx: Texts, fields: Table = FIELDS): string {
  const parts = partsOf(fields);
  const header = [
    ...COLUMNS.map((c) => tx.t(`export.columns.${c}`)),
    ...parts.map(({ field, part }) =>
      field.parts.length > 1 ? `${fieldHeading(field, tx)} (${partName(field, part, tx)})` : fieldHeading(field, tx),
    ),
  ];
  const rows = records.map((r) => [
    r.reference,
    statusLabel(r, tx),
    String(r.version),
    kindLabel(r, tx),
    r.sessionName ?? '',
    r.state,
    stateName(r.state, tx.locale),
    r.institution,
    r.title,
    r.provisions.join('; '),
    thematicAreas(r)
      .map((a) => label(a, tx.locale))
      .join('; '),
    semesterOf(r.submittedAt),
    iso(r.submittedAt),
    r.submittedBy.name ?? r.submittedBy.id,
    r.lang,
    ...parts.map(({ id }) => r.answers[id]?.text ?? ''),
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
