import { contactBlock } from './contactBlock.js';
import { institutionParts, titleParts } from './splitParts.js';
import { longText, shortText, stateParty, provisions, emailAddress, phone, type PartSchema } from './schemas.js';

/**
 * MESICIC's standard format, declared once. Prompts, validation, the review, the record, exports and test
 * fixtures all loop over this table; the words for each row live in the locale files under `fields.<key>`.
 * Nothing else names a part: code asks for a part by what it is (`input`) or what it files (`role`).
 */

/** How a card asks a part: one line, a text box, the list of States, the list of the Convention's provisions. */
export type PartInput = 'text' | 'multiline' | 'state' | 'provisions';

/** What the Secretariat's record files a part's answer as (PracticeRecord's fields of the same names); each role once per table. */
export type PartRole = 'institution' | 'state' | 'title' | 'provisions';

export interface PartDef<K extends string = string> {
  readonly key: K;
  readonly required: boolean;
  readonly schema: PartSchema;
  readonly input: PartInput;
  readonly role?: PartRole;
  /** Fold terms whose absence earns a gentle reminder, not a refusal (the format asks for them explicitly). */
  readonly remind?: { readonly key: string; readonly anyOf: RegExp };
  /** Files sent while this part is asked are kept with the practice (the supporting documents). */
  readonly files?: boolean;
}

export interface FieldDef<K extends string = string, P extends string = string> {
  readonly number: number;
  readonly key: K;
  readonly parts: readonly PartDef<P>[];
  /** Splits a block pasted at the field's first prompt (a whole contact card) into its parts. */
  readonly fromBlock?: (text: string) => Record<string, string> | undefined;
}

/** A form: its fields in order. Every function that loops over fields takes one, MESICIC's FIELDS unless told. */
export type Table = readonly FieldDef[];

// Long enough for the Secretariat to learn something; the cap is several Teams posts (~28 KB each).
const NARRATIVE = () => longText(40, 60_000);
/** A field asked in one text box. */
const one = (schema: PartSchema, remind?: PartDef['remind']) =>
  [{ key: 'text', required: true, input: 'multiline', schema, ...(remind ? { remind } : {}) }] as const;

const TABLE = [
  {
    number: 1,
    key: 'institution',
    parts: [
      { key: 'name', required: true, input: 'text', role: 'institution', schema: shortText(3, 300) },
      { key: 'state', required: true, input: 'state', role: 'state', schema: stateParty() },
    ],
    fromBlock: institutionParts,
  },
  {
    number: 2,
    key: 'title',
    parts: [
      { key: 'title', required: true, input: 'text', role: 'title', schema: shortText(10, 1000) },
      { key: 'topic', required: false, input: 'multiline', schema: longText(10, 4000) },
      { key: 'provisions', required: true, input: 'provisions', role: 'provisions', schema: provisions() },
    ],
    fromBlock: titleParts,
  },
  {
    number: 3,
    key: 'description',
    parts: one(NARRATIVE(), { key: 'reminders.sustainability', anyOf: /sustent|sosten|sustain|durab|continu|perman/ }),
  },
  { number: 4, key: 'reasons', parts: one(NARRATIVE()) },
  { number: 5, key: 'approach', parts: one(NARRATIVE()) },
  { number: 6, key: 'implementation', parts: one(NARRATIVE()) },
  { number: 7, key: 'result', parts: one(NARRATIVE()) },
  { number: 8, key: 'cooperation', parts: one(NARRATIVE()) },
  { number: 9, key: 'followUp', parts: one(NARRATIVE()) },
  { number: 10, key: 'lessons', parts: one(NARRATIVE()) },
  {
    number: 11,
    key: 'documents',
    parts: [{ key: 'text', required: true, input: 'multiline', schema: longText(5, 20_000), files: true }],
  },
  {
    number: 12,
    key: 'contact',
    parts: [
      { key: 'name', required: true, input: 'text', schema: shortText(3, 300) },
      { key: 'position', required: true, input: 'multiline', schema: shortText(3, 1000) },
      { key: 'email', required: true, input: 'text', schema: emailAddress() },
      { key: 'phone', required: false, input: 'text', schema: phone() },
    ],
    fromBlock: contactBlock,
  },
] as const satisfies Table;

// Each row keeps its key and its parts' keys as literal types (part ids are derived from them); the rest is FieldDef's.
type RowOf<F> = F extends {
  readonly key: infer K extends string;
  readonly parts: readonly { readonly key: infer P extends string }[];
}
  ? FieldDef<K, P>
  : never;
/** A row of MESICIC's table. */
export type Field = RowOf<(typeof TABLE)[number]>;
export const FIELDS: readonly Field[] = TABLE;

/** "institution.name": the address of one answer in a draft, one of the table's (a typo does not compile). */
export type PartId = Field extends infer F ? (F extends FieldDef<infer K, infer P> ? `${K}.${P}` : never) : never;

/**
 * What a function taking a part id accepts: an id written in code must be one of the table's; a step only
 * known at run time (the cursor, a card's button: a plain string, maybe "review") is looked up instead.
 */
export type PartIdOrStep<S extends string> = S extends PartId ? S : string extends S ? S : PartId;

export function partId(field: Field, part: Field['parts'][number]): PartId;
export function partId(field: FieldDef, part: PartDef): string;
export function partId(field: FieldDef, part: PartDef): string {
  return `${field.key}.${part.key}`;
}

/** One part of a form, with the field it belongs to and its id. */
export interface PartRef {
  field: FieldDef;
  part: PartDef;
  id: string;
}

/** Every part of a form, in the order they are asked. */
export const partsOf = (fields: Table = FIELDS): PartRef[] =>
  fields.flatMap((field) => field.parts.map((part) => ({ field, part, id: partId(field, part) })));

export function fieldOf<S extends string>(step: PartIdOrStep<S>, fields: Table = FIELDS): FieldDef | undefined {
  const id: string = step;
  return fields.find((f) => id.startsWith(`${f.key}.`));
}

export function partOf<S extends string>(
  step: PartIdOrStep<S>,
  fields: Table = FIELDS,
): { field: FieldDef; part: PartDef } | undefined {
  const id: string = step;
  const field = fieldOf(id, fields);
  const part = field?.parts.find((p) => partId(field, p) === id);
  return field && part ? { field, part } : undefined;
}

/** The part that plays `role` (the title, the State, ...), if the form has one. */
export function partWith(role: PartRole, fields: Table = FIELDS): PartRef | undefined {
  return partsOf(fields).find((p) => p.part.role === role);
}
