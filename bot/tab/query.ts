import type restify from 'restify';
import { z } from 'zod';
import type { PracticeFilter } from '../../dialogs/core/classify.js';

/** The columns the list sorts by; the page's column headers send these names. */
export const SORT_KEYS = ['reference', 'title', 'state', 'institution', 'areas', 'status', 'date'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const PAGE_SIZE = 50;

const Filters = z.object({
  area: z.union([z.literal('none'), z.coerce.number().int().min(1).max(99)]).optional(),
  state: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .transform((s) => s.toUpperCase())
    .optional(),
  status: z.enum(['draft', 'submitted', 'returned', 'accepted']).optional(),
  semester: z
    .string()
    .regex(/^\d{4}-S[12]$/)
    .optional(),
  q: z.string().max(200).optional(),
  lang: z.string().max(20).optional(),
});

const Listing = Filters.extend({
  sort: z.enum(SORT_KEYS).default('date'),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
});

export interface ListQuery {
  filter: PracticeFilter;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  size: number;
}

/** Query parameters from the URL (the server has no queryParser); empty ones count as absent. */
export function queryOf(req: restify.Request): Record<string, string> {
  const params = new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
  return Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: string[] };

function filterOf(data: z.infer<typeof Filters>): PracticeFilter {
  const { q, lang: _lang, ...rest } = data;
  return { ...rest, ...(q ? { text: q } : {}) };
}

/** The list's, the dashboard's and the downloads' filters: what the page's filter form sends. */
export function parseFilter(req: restify.Request): Parsed<PracticeFilter> {
  const parsed = Filters.safeParse(queryOf(req));
  return parsed.success
    ? { ok: true, value: filterOf(parsed.data) }
    : { ok: false, fields: parsed.error.issues.map((i) => i.path.join('.')) };
}

/** Filters plus the column to sort by (newest first by default; text columns A to Z) and the page. */
export function parseListing(req: restify.Request): Parsed<ListQuery> {
  const parsed = Listing.safeParse(queryOf(req));
  if (!parsed.success) return { ok: false, fields: parsed.error.issues.map((i) => i.path.join('.')) };
  const { sort, dir, page, size, ...filters } = parsed.data;
  return {
    ok: true,
    value: { filter: filterOf(filters), sort, dir: dir ?? (sort === 'date' ? 'desc' : 'asc'), page, size },
  };
}
