import type { Classified, Semester } from '../../dialogs/core/classify.js';
import type { FieldDef, PartDef } from '../../dialogs/core/fields.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import { label, provisionById, stateByCode, type ThematicArea } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';

// The words every export shares, in the reader's language. Officials' answers never pass through here.

export const fieldHeading = (field: FieldDef, tx: Texts): string =>
  `${field.number}. ${tx.t(`fields.${field.key}.label`)}`;

/** Only fields with several parts name them in the locale files. */
export const partName = (field: FieldDef, part: PartDef, tx: Texts): string =>
  tx.t(`fields.${field.key}.parts.${part.key}.name`);

export function stateName(code: string, locale: Locale): string {
  const state = stateByCode(code);
  return state ? label(state, locale) : code;
}

export const kindLabel = (record: Classified, tx: Texts): string => tx.t(`kinds.${record.kind}.label`);

export const statusLabel = (record: Classified, tx: Texts): string => tx.t(`statuses.${record.status}`);

/** "III.11: Mecanismos para estimular…"; an id the lists no longer hold is shown bare. */
export function provisionLine(id: string, locale: Locale): string {
  const provision = provisionById(id);
  return provision ? `${id}: ${label(provision, locale)}` : id;
}

export const areaName = (area: ThematicArea | null, tx: Texts): string =>
  area ? `${label(area, tx.locale)} (${area.provision})` : tx.t('export.otherArea');

export function semesterName(semester: Semester, tx: Texts): string {
  const [year, half] = semester.split('-S');
  return tx.t(`export.semester${half}`, { year: year ?? '' });
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A long date in the reader's language, in UTC like the semesters (one formatter per language: a compilation asks 500 times). */
export function dateName(iso: string, locale: Locale): string {
  let format = dateFormats.get(locale);
  if (!format)
    dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(new Date(iso));
}

export const capitalize = (text: string, locale: Locale): string =>
  text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
