import { readFileSync } from 'node:fs';
import type restify from 'restify';
import type { Texts } from '../../dialogs/core/texts.js';
import type { Practices } from '../../dialogs/core/ports.js';
import type { FileLinks } from '../export/fileLinks.js';
import { expiredPage, viewPage } from './viewPage.js';
import { TEAMS_FRAME_ANCESTORS, pageCsp, send, teamsJsBuild } from '../web/pages.js';

/** The Microsoft 365 hosts that frame a Teams dialog: the tab's (bot/web/pages.ts). */
export const DIALOG_FRAME_ANCESTORS = TEAMS_FRAME_ANCESTORS;

/** The subject of a "View practice" link: the practice, and the version the card showed. */
export const viewSubject = (reference: string, version?: number) => `view:${reference}${version ? `:${version}` : ''}`;

const here = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url));

/**
 * The pages the reviewers' dialogs open. A page is reached only through a link signed for a short time and handed
 * to one reviewer in a dialog's answer (never posted), so it needs no sign-in of its own, as the Word links do.
 */
export function registerReviewPages(
  server: restify.Server,
  deps: { links: FileLinks; practices: Practices; tx: Texts; frameAncestors?: readonly string[] },
): void {
  const css = here('view.css');
  const js = here('view.js');
  const teamsJs = teamsJsBuild();
  const csp = pageCsp({ frameAncestors: deps.frameAncestors ?? DIALOG_FRAME_ANCESTORS });
  // The address carries the signed token: no cache keeps the page, and no link followed from it repeats it.
  const page = { 'Content-Security-Policy': csp, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };
  const file = (subject: string) => `/files?t=${encodeURIComponent(deps.links.token(subject))}`;

  server.get('/review/view', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://local').searchParams.get('t') ?? '';
    const [kind, reference = '', version] = (deps.links.verify(token) ?? '').split(':');
    const record = kind === 'view' ? await deps.practices.get(reference) : undefined;
    if (!record) return send(res, 404, 'text/html; charset=utf-8', expiredPage(deps.tx), page);
    const body = viewPage(
      deps.tx,
      record,
      {
        word: file(`practice:${record.reference}`),
        attachment: (id) => file(`attachment:${record.reference}:${id}`),
      },
      version ? { shownVersion: Number(version) } : {},
    );
    send(res, 200, 'text/html; charset=utf-8', body, page);
  });
  server.get('/review/view.css', async (_req, res) =>
    send(res, 200, 'text/css; charset=utf-8', css, { 'Cache-Control': 'no-cache' }),
  );
  server.get('/review/view.js', async (_req, res) =>
    send(res, 200, 'text/javascript; charset=utf-8', js, { 'Cache-Control': 'no-cache' }),
  );
  server.get('/review/teams.js', async (_req, res) =>
    send(res, 200, 'text/javascript; charset=utf-8', teamsJs, { 'Cache-Control': 'public, max-age=86400' }),
  );
}
