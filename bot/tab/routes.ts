import type { ServerResponse } from 'node:http';
import type restify from 'restify';
import { filterPractices, type Classified, type Semester } from '../../dialogs/core/classify.js';
import { baseLocale } from '../../dialogs/core/normalize.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { practiceDocx, practiceFileName } from '../export/word.js';
import { abandonedDrafts, abandonedRow, type AbandonedSource } from './abandoned.js';
import { findItem, roleOf, visibleItems, type AccessDeps } from './access.js';
import { loadAssets } from './assets.js';
import { dashboardOf } from './dashboard.js';
import { defaultDownloads, downloadName, type Downloads } from './downloads.js';
import { IdentityError, IdentityUnavailable, type Identify, type TabUser } from './identity.js';
import { pageOf, sortItems } from './listing.js';
import { PAGE_SIZE, parseFilter, parseListing, queryOf } from './query.js';
import { detail, filterOptions, summary } from './views.js';
import { TEAMS_FRAME_ANCESTORS, json, send } from '../web/pages.js';

export type WordExport = (record: Classified, tx: Texts) => Promise<Buffer>;

export interface TabDeps extends AccessDeps {
  /** Turns the request's Authorization header into a verified user, or throws IdentityError (see identity.ts). */
  identify: Identify;
  catalog: Catalog;
  /** Default: bot/export/word.ts. */
  word?: WordExport;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Who may frame the page (CSP frame-ancestors). Default: the page's own origin and the Microsoft 365 hosts of Teams. */
  frameAncestors?: readonly string[];
  /** The officials' deleted drafts, for the reviewers' "abandoned drafts" view; absent, the view lists none. */
  abandoned?: AbandonedSource;
  /** Default: bot/export's CSV and compiled Word (in a worker thread). */
  downloads?: Downloads;
  now?: () => Date;
}

export { TEAMS_FRAME_ANCESTORS };

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const notFound = (res: ServerResponse) => json(res, 404, { error: 'notFound' });

const forbidden = (res: ServerResponse) => json(res, 403, { error: 'forbidden' });
const badQuery = (res: ServerResponse, fields: string[]) => json(res, 400, { error: 'badQuery', fields });

const RETRY_AFTER_SECONDS = 30;
const YEAR_SECONDS = 365 * 86_400;

/** The file's name as typed for old clients, and as written (RFC 5987) for the rest. */
const attachment = (name: string) => `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/**
 * The personal tab: a static page and a small JSON API over the practices. The API identifies the caller only from
 * the bearer token; reviewers see every practice, an official only what is filed under their own AAD id, and any
 * other key answers 404 exactly like a missing one.
 */
export function registerTabRoutes(server: restify.Server, deps: TabDeps): void {
  const assets = loadAssets(deps.frameAncestors ?? TEAMS_FRAME_ANCESTORS);
  const word = deps.word ?? practiceDocx;
  const textsFor = (req: restify.Request) => deps.catalog.texts(baseLocale(queryOf(req)['lang']));
  const downloads = deps.downloads ?? defaultDownloads();
  const now = deps.now ?? (() => new Date());
  const abandoned = deps.abandoned ? abandonedDrafts(deps.abandoned) : async () => [];

  type Handler = (user: TabUser, req: restify.Request, res: restify.Response) => Promise<void>;
  const api =
    (handler: Handler) =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      try {
        const user = await deps.identify(req.header('authorization'));
        await handler(user, req, res);
      } catch (err) {
        if (err instanceof IdentityError) {
          deps.logger?.warn({ reason: err.message, path: req.getPath() }, 'tab request refused');
          json(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': 'Bearer' });
          return;
        }
        if (err instanceof IdentityUnavailable) {
          // Azure AD's configuration or keys are out of reach: the caller is not at fault, and may try again.
          deps.logger?.warn({ reason: err.message, path: req.getPath() }, 'tab cannot verify the caller');
          json(res, 503, { error: 'unavailable' }, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
          return;
        }
        deps.logger?.error(
          { err: { name: (err as Error).name, message: (err as Error).message }, path: req.getPath() },
          'tab request failed',
        );
        if (!res.headersSent) json(res, 500, { error: 'internal' });
      }
    };

  const page = { 'Cache-Control': 'no-cache' };
  const script = 'text/javascript; charset=utf-8';
  server.get('/tab', async (_req, res) =>
    send(res, 200, 'text/html; charset=utf-8', assets.html, { ...page, 'Content-Security-Policy': assets.csp }),
  );
  server.get('/tab/app.js', async (_req, res) => send(res, 200, script, assets.appJs, page));
  server.get('/tab/web/:name', async (req, res) => {
    const body = assets.scripts.get(String((req.params as Record<string, unknown>).name));
    return body === undefined ? notFound(res) : send(res, 200, script, body, page);
  });
  server.get('/tab/teams.js', async (_req, res) =>
    send(res, 200, script, assets.teamsJs, { 'Cache-Control': 'public, max-age=86400' }),
  );
  // Its path changes with its content, so a browser may keep it for a year.
  server.get(assets.chart.path, async (_req, res) =>
    send(res, 200, script, assets.chart.body, { 'Cache-Control': `public, max-age=${YEAR_SECONDS}, immutable` }),
  );

  server.get(
    '/api/tab/me',
    api(async (user, _req, res) => json(res, 200, { ...user, role: roleOf(user, deps) })),
  );

  server.get(
    '/api/tab/practices',
    api(async (user, req, res) => {
      const parsed = parseListing(req);
      if (!parsed.ok) return badQuery(res, parsed.fields);
      const { filter, sort, dir, page: wanted, size } = parsed.value;
      const tx = textsFor(req);
      const items = await visibleItems(user, deps);
      const shown = pageOf(sortItems(filterPractices(items, filter), sort, dir, tx.locale), wanted, size);
      json(res, 200, {
        role: roleOf(user, deps),
        total: items.length,
        matched: shown.matched,
        page: shown.page,
        pages: shown.pages,
        size,
        sort,
        dir,
        items: shown.items.map((i) => summary(i, tx)),
        options: filterOptions(items, tx),
      });
    }),
  );

  server.get(
    '/api/tab/practices/:reference',
    api(async (user, req, res) => {
      const item = await findItem(user, String((req.params as Record<string, unknown>).reference), deps);
      if (!item) return notFound(res);
      json(res, 200, detail(item, textsFor(req), undefined, roleOf(user, deps)));
    }),
  );

  server.get(
    '/api/tab/practices/:reference/word',
    api(async (user, req, res) => {
      const item = await findItem(user, String((req.params as Record<string, unknown>).reference), deps);
      if (!item) return notFound(res);
      const file = await word(item, textsFor(req));
      send(res, 200, DOCX, file, {
        'Cache-Control': 'no-store',
        // A draft's file is named after its title and marked as a draft, never after its internal id.
        'Content-Disposition': attachment(practiceFileName(item, textsFor(req))),
      });
    }),
  );

  /** The Secretariat's repository, filtered as the list is: reviewers only. */
  const reviewerRecords = async (user: TabUser, req: restify.Request, res: restify.Response) => {
    if (roleOf(user, deps) !== 'reviewer') return void forbidden(res);
    const parsed = parseFilter(req);
    if (!parsed.ok) return void badQuery(res, parsed.fields);
    const all = await visibleItems(user, deps);
    const records: Classified[] = filterPractices(all, parsed.value);
    return { filter: parsed.value, all, records, tx: textsFor(req) };
  };

  server.get(
    '/api/tab/dashboard',
    api(async (user, req, res) => {
      const found = await reviewerRecords(user, req, res);
      if (found)
        json(res, 200, {
          dashboard: dashboardOf(found.records, found.tx, now()),
          options: filterOptions(found.all, found.tx),
        });
    }),
  );

  server.get(
    '/api/tab/export/csv',
    api(async (user, req, res) => {
      const found = await reviewerRecords(user, req, res);
      if (!found) return;
      const { filter, records, tx } = found;
      const name = downloadName('mesicic', [filter.semester, filter.state, filter.area, filter.status], 'csv');
      send(res, 200, 'text/csv; charset=utf-8', downloads.csv(records, tx), {
        'Cache-Control': 'no-store',
        'Content-Disposition': attachment(name),
      });
    }),
  );

  server.get(
    '/api/tab/export/compilation',
    api(async (user, req, res) => {
      const found = await reviewerRecords(user, req, res);
      if (!found) return;
      const { filter, records, tx } = found;
      // A compilation is a semester's: the page offers it once a semester is chosen.
      if (!filter.semester) return badQuery(res, ['semester']);
      const file = await downloads.compilation(records, filter.semester as Semester, tx.locale);
      const name = downloadName('mesicic', [filter.semester, filter.state, filter.area, filter.status], 'docx');
      send(res, 200, DOCX, file, { 'Cache-Control': 'no-store', 'Content-Disposition': attachment(name) });
    }),
  );

  server.get(
    '/api/tab/abandoned',
    api(async (user, req, res) => {
      if (roleOf(user, deps) !== 'reviewer') return forbidden(res);
      const wanted = Number(queryOf(req)['page'] ?? '1');
      if (!Number.isInteger(wanted) || wanted < 1) return badQuery(res, ['page']);
      const tx = textsFor(req);
      const shown = pageOf(await abandoned(now()), wanted, PAGE_SIZE);
      json(res, 200, {
        matched: shown.matched,
        page: shown.page,
        pages: shown.pages,
        size: PAGE_SIZE,
        items: shown.items.map((d) => abandonedRow(d, tx)),
      });
    }),
  );
}
