import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import type restify from 'restify';
import { z } from 'zod';
import { filterPractices, type Classified, type PracticeFilter } from '../../dialogs/core/classify.js';
import { baseLocale } from '../../dialogs/core/normalize.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { practiceDocx } from '../export/word.js';
import { findItem, roleOf, visibleItems, type AccessDeps } from './access.js';
import { IdentityError, IdentityUnavailable, type Identify, type TabUser } from './identity.js';
import { detail, filterOptions, summary } from './views.js';

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
}

export const TEAMS_FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.microsoft.us',
  'https://*.teams.microsoft.us',
  'https://teams.live.com',
  'https://*.teams.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
] as const;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const Query = z.object({
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

/** Query parameters from the URL (the server has no queryParser); empty ones count as absent. */
function query(req: restify.Request): Record<string, string> {
  const params = new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
  return Object.fromEntries([...params.entries()].filter(([, v]) => v !== ''));
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), {
    'Cache-Control': 'no-store',
    ...headers,
  });

const notFound = (res: ServerResponse) => json(res, 404, { error: 'notFound' });

const RETRY_AFTER_SECONDS = 30;

/** The page, its script and teams-js, read once at start-up. The tab's texts are embedded in the page as a JSON data block. */
function loadAssets(frameAncestors: readonly string[]) {
  const here = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  const texts = JSON.stringify(JSON.parse(here('texts.json'))).replace(/</g, '\\u003c');
  const html = here('page.html').replace('{{TEXTS}}', () => texts);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
  const styleHash = createHash('sha256').update(style, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'sha256-${styleHash}'`,
    // teams-js fetches its list of valid host origins from this CDN.
    "connect-src 'self' https://res.cdn.office.net",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
  const teamsJs = readFileSync(
    createRequire(import.meta.url).resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'),
  );
  return { html, csp, appJs: here('app.js'), teamsJs };
}

/**
 * The personal tab: a static page and a small JSON API over the practices. The API identifies the caller only from
 * the bearer token; reviewers see every practice, an official only what is filed under their own AAD id, and any
 * other key answers 404 exactly like a missing one.
 */
export function registerTabRoutes(server: restify.Server, deps: TabDeps): void {
  const assets = loadAssets(deps.frameAncestors ?? TEAMS_FRAME_ANCESTORS);
  const word = deps.word ?? practiceDocx;
  const textsFor = (req: restify.Request) => deps.catalog.texts(baseLocale(query(req)['lang']));

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
  server.get('/tab', async (_req, res) =>
    send(res, 200, 'text/html; charset=utf-8', assets.html, { ...page, 'Content-Security-Policy': assets.csp }),
  );
  server.get('/tab/app.js', async (_req, res) => send(res, 200, 'text/javascript; charset=utf-8', assets.appJs, page));
  server.get('/tab/teams.js', async (_req, res) =>
    send(res, 200, 'text/javascript; charset=utf-8', assets.teamsJs, { 'Cache-Control': 'public, max-age=86400' }),
  );

  server.get(
    '/api/tab/me',
    api(async (user, _req, res) => json(res, 200, { ...user, role: roleOf(user, deps) })),
  );

  server.get(
    '/api/tab/practices',
    api(async (user, req, res) => {
      const parsed = Query.safeParse(query(req));
      if (!parsed.success)
        return json(res, 400, { error: 'badQuery', fields: parsed.error.issues.map((i) => i.path.join('.')) });
      const { q, lang: _lang, ...rest } = parsed.data;
      const filter: PracticeFilter = { ...rest, ...(q ? { text: q } : {}) };
      const tx = textsFor(req);
      const items = await visibleItems(user, deps);
      json(res, 200, {
        role: roleOf(user, deps),
        total: items.length,
        items: filterPractices(items, filter).map((i) => summary(i, tx)),
        options: filterOptions(items, tx),
      });
    }),
  );

  server.get(
    '/api/tab/practices/:reference',
    api(async (user, req, res) => {
      const item = await findItem(user, String((req.params as Record<string, unknown>).reference), deps);
      if (!item) return notFound(res);
      json(res, 200, detail(item, textsFor(req)));
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
        'Content-Disposition': `attachment; filename="${item.key}.docx"`,
      });
    }),
  );
}
