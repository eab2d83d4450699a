import { contactBlock } from './contactBlock.js';
import { longText, shortText, stateParty, provisions, emailAddress, phone, type PartSchema } from './schemas.js';

/**
 * MESICIC's standard format, declared once. Prompts, validation, the review, exports and test fixtures all
 * loop over this table; the words for each row live in the locale files under `fields.<key>`.
 * Adding a field is one row here plus its texts in each locale file.
 */
export interface PartDef {
  key: string;
  required: boolean;
  schema: PartSchema;
  /** Fold terms whose absence earns a gentle reminder, not a refusal (the format asks for them explicitly). */
  remind?: { key: string; anyOf: RegExp };
}

export interface FieldDef {
  number: number;
  key: string;
  parts: readonly PartDef[];
  /** Splits a block pasted at the field's first prompt (a whole contact card) into its parts. */
  fromBlock?: (text: string) => Record<string, string> | undefined;
}

// Long enough for the Secretariat to learn something; the cap is several Teams posts (~28 KB each).
const NARRATIVE = () => longText(40, 60_000);
const one = (schema: PartSchema, remind?: PartDef['remind']): PartDef[] => [{ key: 'text', required: true, schema, ...(remind ? { remind } : {}) }];

export const FIELDS: readonly FieldDef[] = [
  {
    number: 1,
    key: 'institution',
    parts: [
      { key: 'name', required: true, schema: shortText(3, 300) },
      { key: 'state', required: true, schema: stateParty() },
    ],
  },
  {
    number: 2,
    key: 'title',
    parts: [
      { key: 'title', required: true, schema: shortText(10, 1000) },
      { key: 'topic', required: false, schema: longText(10, 4000) },
      { key: 'provisions', required: true, schema: provisions() },
    ],
  },
  { number: 3, key: 'description', parts: one(NARRATIVE(), { key: 'reminders.sustainability', anyOf: /sustent|sosten|sustain|durab|continu|perman/ }) },
  { number: 4, key: 'reasons', parts: one(NARRATIVE()) },
  { number: 5, key: 'approach', parts: one(NARRATIVE()) },
  { number: 6, key: 'implementation', parts: one(NARRATIVE()) },
  { number: 7, key: 'result', parts: one(NARRATIVE()) },
  { number: 8, key: 'cooperation', parts: one(NARRATIVE()) },
  { number: 9, key: 'followUp', parts: one(NARRATIVE()) },
  { number: 10, key: 'lessons', parts: one(NARRATIVE()) },
  { number: 11, key: 'documents', parts: one(longText(5, 20_000)) },
  {
    number: 12,
    key: 'contact',
    parts: [
      { key: 'name', required: true, schema: shortText(3, 300) },
      { key: 'position', required: true, schema: shortText(3, 1000) },
      { key: 'email', required: true, schema: emailAddress() },
      { key: 'phone', required: false, schema: phone() },
    ],
    fromBlock: contactBlock,
  },
];

/** "institution.name": the address of one answer in a draft. */
export type PartId = `${string}.${string}`;
export const partId = (field: FieldDef, part: PartDef): PartId => `${field.key}.${part.key}`;

export function fieldOf(id: string): FieldDef | undefined {
  return FIELDS.find((f) => id.startsWith(`${f.key}.`));
}

export function partOf(id: string): { field: FieldDef; part: PartDef } | undefined {
  const field = fieldOf(id);
  const part = field?.parts.find((p) => partId(field, p) === id);
  return field && part ? { field, part } : undefined;
}
