import type { Status } from './draft.js';
import { fold, type Locale } from './normalize.js';
import type { PracticeRecord } from './practice.js';
import { label, stateByCode, THEMATIC_AREAS, type ThematicArea } from './reference.js';

/** A practice as the Secretariat files it: `areas`, when a reviewer set them, overrides what the provisions suggest. */
export type Classified = PracticeRecord & { areas?: number[] };

/**
 * The thematic areas a practice belongs to. A reviewer's `areas` win. Otherwise an area matches when its
 * provision is exactly one the official cited ("III.11" → area 12, "IX" → area 15). A whole-article "III"
 * matches nothing: it would file the practice under a dozen areas, so it is left for a reviewer. Some
 * provisions cover several areas (III.5: the hiring of public servants and government procurement; III.1: three):
 * all are returned, in the order the provisions were cited, and the practice belongs to each of them (filters,
 * groups, the compilation); none is picked for it silently. A reviewer's `areas` settle which apply.
 */
export function thematicAreas(record: Classified): ThematicArea[] {
  if (record.areas && record.areas.length > 0) {
    return unique(record.areas.map((id) => THEMATIC_AREAS.find((a) => a.id === id)));
  }
  return unique(record.provisions.flatMap((p) => THEMATIC_AREAS.filter((a) => a.provision === p)));
}

function unique(areas: (ThematicArea | undefined)[]): ThematicArea[] {
  return [...new Set(areas.filter((a): a is ThematicArea => a !== undefined))];
}

export type Semester = `${number}-S${1 | 2}`;

/** "2026-S1" for January to June, "2026-S2" for July to December, in UTC so every instance agrees. */
export function semesterOf(isoDate: string): Semester {
  const date = new Date(isoDate);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${isoDate}`);
  return `${date.getUTCFullYear()}-S${date.getUTCMonth() < 6 ? 1 : 2}`;
}

export interface PracticeFilter {
  /** An area id, or "none" for practices no area matches yet (what a reviewer still has to classify). */
  area?: number | 'none';
  /** ISO code of the State Party. */
  state?: string;
  status?: Status;
  semester?: string;
  /** Every word must appear in the title, the institution or some answer; case and accents ignored. */
  text?: string;
}

export function filterPractices<T extends Classified>(records: readonly T[], filter: PracticeFilter): T[] {
  const words = filter.text ? fold(filter.text).split(' ').filter(Boolean) : [];
  return records.filter((r) => {
    if (filter.state && r.state.toUpperCase() !== filter.state.toUpperCase()) return false;
    if (filter.status && r.status !== filter.status) return false;
    if (filter.semester && semesterOf(r.submittedAt) !== filter.semester) return false;
    if (filter.area !== undefined) {
      const areas = thematicAreas(r);
      if (filter.area === 'none' ? areas.length > 0 : !areas.some((a) => a.id === filter.area)) return false;
    }
    if (words.length > 0) {
      const haystack = fold([r.title, r.institution, ...Object.values(r.answers).map((a) => a.text)].join('\n'));
      if (!words.every((w) => haystack.includes(w))) return false;
    }
    return true;
  });
}

export interface AreaGroup<T> {
  /** null: the practices no area matches, kept last. */
  area: ThematicArea | null;
  practices: T[];
}

/**
 * The practices filed by area, in area id order, each practice under every area it belongs to (III.5 puts it
 * under two), sorted by the State's name in `locale`, then by reference; the practices no area matches last.
 */
export function groupByArea<T extends Classified>(records: readonly T[], locale: Locale = 'es'): AreaGroup<T>[] {
  const byArea = new Map<number | null, T[]>();
  const file = (id: number | null, r: T) => {
    const list = byArea.get(id);
    if (list) list.push(r);
    else byArea.set(id, [r]);
  };
  for (const r of records) {
    const areas = thematicAreas(r);
    if (areas.length === 0) file(null, r);
    for (const a of areas) file(a.id, r);
  }
  const collator = new Intl.Collator(locale);
  const stateName = (code: string) => {
    const s = stateByCode(code);
    return s ? label(s, locale) : code;
  };
  const sorted = (list: T[]) =>
    [...list].sort(
      (a, b) =>
        collator.compare(stateName(a.state), stateName(b.state)) ||
        (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0),
    );
  const groups: AreaGroup<T>[] = [];
  for (const area of [...THEMATIC_AREAS].sort((a, b) => a.id - b.id)) {
    const list = byArea.get(area.id);
    if (list) groups.push({ area, practices: sorted(list) });
  }
  const other = byArea.get(null);
  if (other) groups.push({ area: null, practices: sorted(other) });
  return groups;
}
