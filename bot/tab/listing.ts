import { thematicAreas } from '../../dialogs/core/classify.js';
import type { Status } from '../../dialogs/core/draft.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import { stateName } from '../export/labels.js';
import type { TabItem } from './access.js';
import type { SortKey } from './query.js';

const STATUS_ORDER: Record<Status, number> = { draft: 0, submitted: 1, returned: 2, accepted: 3 };

export interface Page<T> {
  items: T[];
  /** How many matched, across every page. */
  matched: number;
  page: number;
  pages: number;
}

/**
 * The items in the order of one column. Text is compared as people read it (accents, case) in the user's
 * language; areas by their number (practices without one last); ties newest first, then by key, so a page never
 * shows a row the next one shows too.
 */
export function sortItems(items: readonly TabItem[], sort: SortKey, dir: 'asc' | 'desc', locale: Locale): TabItem[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const firstArea = (i: TabItem) => thematicAreas(i)[0]?.id ?? Number.MAX_SAFE_INTEGER;
  // Computed once per item: a collator call per comparison is cheap, a State's label lookup is not free.
  const keyed = items.map((item) => ({
    item,
    key:
      sort === 'state'
        ? stateName(item.state, locale)
        : sort === 'title'
          ? item.title
          : sort === 'institution'
            ? item.institution
            : sort === 'reference'
              ? item.reference || item.key
              : '',
    num: sort === 'areas' ? firstArea(item) : sort === 'status' ? STATUS_ORDER[item.status] : 0,
  }));
  const sign = dir === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    const primary =
      sort === 'date'
        ? a.item.submittedAt.localeCompare(b.item.submittedAt)
        : sort === 'areas' || sort === 'status'
          ? a.num - b.num
          : collator.compare(a.key, b.key);
    return (
      sign * primary ||
      b.item.submittedAt.localeCompare(a.item.submittedAt) ||
      (a.item.key < b.item.key ? -1 : a.item.key > b.item.key ? 1 : 0)
    );
  });
  return keyed.map((k) => k.item);
}

/** One page of `size`; a page past the end gives the last one (a filter narrowed the list under the user). */
export function pageOf<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, pages);
  return {
    items: items.slice((current - 1) * size, current * size),
    matched: items.length,
    page: current,
    pages,
  };
}
