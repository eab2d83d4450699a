import { semesterOf, thematicAreas, type Classified } from '../../dialogs/core/classify.js';
import type { Status } from '../../dialogs/core/draft.js';
import { THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { capitalize, stateName } from '../export/labels.js';
import { areaLabel } from './views.js';

const STATUSES: readonly Status[] = ['submitted', 'returned', 'accepted'];
const DAY_MS = 86_400_000;

/** Upper bounds in days of the decision-time bars; the last bar is everything longer. */
export const DECISION_BUCKETS = [7, 14, 30, 60, 90] as const;

export interface Count {
  key: string;
  label: string;
  count: number;
}

export interface Dashboard {
  total: number;
  byState: Count[];
  /** A practice under several areas counts once in each; `none` is the practices no area matches yet. */
  byArea: Count[];
  byStatus: Count[];
  /** Oldest first, each split by status (the same order as `byStatus`). */
  bySemester: { key: string; label: string; counts: Record<string, number> }[];
  decisions: {
    /** Decisions (returns and acceptances) whose submission is in the history, one per submitted version. */
    count: number;
    medianDays: number | null;
    /** Per DECISION_BUCKETS bar, then the "longer" bar. */
    buckets: { upTo: number | null; count: number }[];
    /** Submitted and not decided yet, and how long the oldest of them has waited. */
    waiting: number;
    oldestWaitingDays: number | null;
  };
}

/** The median of a list of numbers (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Days from each submission to the decision that followed it (a return, or the acceptance). */
export function decisionDays(record: Classified): number[] {
  const out: number[] = [];
  let submitted: number | undefined;
  for (const change of record.history) {
    const at = Date.parse(change.at);
    if (Number.isNaN(at)) continue;
    if (change.status === 'submitted') submitted = at;
    else if ((change.status === 'returned' || change.status === 'accepted') && submitted !== undefined) {
      out.push(Math.max(0, (at - submitted) / DAY_MS));
      submitted = undefined;
    }
  }
  return out;
}

function lastSubmission(record: Classified): number | undefined {
  const last = [...record.history].reverse().find((c) => c.status === 'submitted');
  const at = last ? Date.parse(last.at) : Date.parse(record.submittedAt);
  return Number.isNaN(at) ? undefined : at;
}

function counted(map: Map<string, number>, labelOf: (key: string) => string): Count[] {
  return [...map.entries()]
    .map(([key, count]) => ({ key, label: labelOf(key), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** The Secretariat's numbers over the practices it is given (the list's filters already applied). */
export function dashboardOf(records: readonly Classified[], tx: Texts, now: Date): Dashboard {
  const states = new Map<string, number>();
  const areas = new Map<string, number>();
  const statuses = new Map<string, number>(STATUSES.map((s) => [s, 0]));
  const semesters = new Map<string, Record<string, number>>();
  const days: number[] = [];
  const waitingSince: number[] = [];
  for (const r of records) {
    bump(states, r.state || '?');
    const found = thematicAreas(r);
    if (found.length === 0) bump(areas, 'none');
    for (const a of found) bump(areas, String(a.id));
    bump(statuses, r.status);
    const semester = semesterOf(r.submittedAt);
    const row = semesters.get(semester) ?? Object.fromEntries(STATUSES.map((s) => [s, 0]));
    row[r.status] = (row[r.status] ?? 0) + 1;
    semesters.set(semester, row);
    days.push(...decisionDays(r));
    if (r.status === 'submitted') {
      const since = lastSubmission(r);
      if (since !== undefined) waitingSince.push(since);
    }
  }
  const statusLabel = (s: string) => capitalize(tx.t(`statuses.${s}`), tx.locale);
  const areaName = (key: string) => {
    const area = THEMATIC_AREAS.find((a) => String(a.id) === key);
    return area ? areaLabel(area, tx.locale) : tx.t('export.otherArea');
  };
  const buckets = [...DECISION_BUCKETS, null].map((upTo, i) => ({
    upTo,
    count: days.filter((d) => d > (i === 0 ? -1 : DECISION_BUCKETS[i - 1]!) && (upTo === null || d <= upTo)).length,
  }));
  const oldest = waitingSince.length ? Math.min(...waitingSince) : undefined;
  return {
    total: records.length,
    byState: counted(states, (code) => stateName(code, tx.locale)),
    byArea: counted(areas, areaName).sort((a, b) => areaOrder(a.key) - areaOrder(b.key)),
    byStatus: STATUSES.map((s) => ({ key: s, label: statusLabel(s), count: statuses.get(s) ?? 0 })),
    bySemester: [...semesters.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, counts]) => ({ key, label: key, counts })),
    decisions: {
      count: days.length,
      medianDays: median(days),
      buckets,
      waiting: waitingSince.length,
      oldestWaitingDays: oldest === undefined ? null : Math.max(0, (now.getTime() - oldest) / DAY_MS),
    },
  };
}

/** Areas in their own order (1 to 17), the unclassified last: the way the compilation files them. */
const areaOrder = (key: string) => (key === 'none' ? Number.MAX_SAFE_INTEGER : Number(key));
