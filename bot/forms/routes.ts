import { readFileSync } from 'node:fs';
import type restify from 'restify';
import { z } from 'zod';
import { fieldsDone } from '../../dialogs/core/draft.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import type { PartResult, WindowField } from '../../dialogs/core/formWindow.js';
import { baseLocale, LOCALES } from '../../dialogs/core/normalize.js';
import { STATES, label } from '../../dialogs/core/reference.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { validatePart } from '../../dialogs/core/validation.js';
import { titleLabel } from '../../dialogs/core/views.js';
import type { WindowService } from '../../dialogs/core/windowService.js';
import { IdentityError, IdentityUnavailable, type Identify } from '../tab/identity.js';
import { TEAMS_FRAME_ANCESTORS, json, pageCsp, send } from '../web/pages.js';
import { writeLimit } from './writeLimit.js';

export interface FormDeps {
  windows: WindowService;
  identify: Identify;
  catalog: Catalog;
  logger?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  frameAncestors?: readonly string[];
  /** Saves an official may make a minute (the page makes a few). */
  writesPerMinute?: number;
}

/** Draft ids as the engine makes them (a uuid, or a message key with ".d"): nothing else reaches the store. */
const DRAFT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

const Write = z.object({
  lang: z.string().max(20).optional(),
  writes: z
    .array(z.object({ part: z.string().max(100), text: z.string().max(70_000) }))
    .min(1)
    .max(30),
});

/** The window's own words, in every language, embedded in the page so it can speak before the draft loads. */
const UI_KEYS = [
  'loading',
  'saving',
  'saved',
  'savedAt',
  'savedUnfinished',
  'answer',
  'unfinished',
  'notSaved',
  'counter',
  'counterOver',
  'required',
  'optional',
  'done',
  'example',
  'guidance',
  'gone',
  'auth',
  'outside',
  'autosave',
] as const;

function loadPage(catalog: Catalog, frameAncestors: readonly string[]) {
  const here = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  const texts = Object.fromEntries(
    LOCALES.map((l) => {
      const tx = catalog.texts(l);
      return [l, Object.fromEntries(UI_KEYS.map((k) => [k, tx.t(`formWindow.${k}`)]))];
    }),
  );
  const html = here('page.html').replace('{{TEXTS}}', () => JSON.stringify(texts).replace(/</g, '\\u003c'));
  const csp = pageCsp({ html, images: true, frameAncestors });
  return { html, csp, js: here('form.js') };
}

/** A part's words and an unfinished text's reason, in the official's language: the chat's own texts. */
function drawn(tx: Texts, fields: WindowField[], kind: string | undefined) {
  const context: Record<string, string> = kind ? { context: kind } : {};
  return fields.map((f) => ({
    number: f.number,
    label: tx.t(`fields.${f.key}.label`),
    question: tx.t(`fields.${f.key}.question`, context),
    guidance: tx.t(`fields.${f.key}.guidance`),
    example: tx.t(`fields.${f.key}.example`),
    parts: f.parts.map((p) => {
      const error = p.unfinished ? validatePart(p.id, p.text) : undefined;
      return {
        ...p,
        label: f.parts.length > 1 ? tx.t(`fields.${f.key}.parts.${p.key}.prompt`, context) : '',
        ...(error && !error.ok ? { error: tx.t(error.error.key, error.error.params ?? {}) } : {}),
      };
    }),
  }));
}

function said(tx: Texts, results: PartResult[]) {
  return results.map((r) =>
    r.status === 'unfinished'
      ? {
          part: r.part,
          status: r.status,
          message: tx.t('formWindow.unfinished', { error: tx.t(r.error.key, r.error.params ?? {}) }),
        }
      : { part: r.part, status: r.status },
  );
}

/**
 * The form window: a page Teams opens as a dialog from a question card, and its API over the official's own
 * draft. The caller is who Teams SSO says (the tab's verification); a draft id that is not theirs answers 404,
 * as a missing one does.
 */
export function registerFormRoutes(server: restify.Server, deps: FormDeps): void {
  const page = loadPage(deps.catalog, deps.frameAncestors ?? TEAMS_FRAME_ANCESTORS);
  const allowed = writeLimit(deps.writesPerMinute ?? 120);
  const lang = (req: restify.Request) => new URL(req.url ?? '/', 'http://form.invalid').searchParams.get('lang');
  const guarded =
    (handler: (owner: string, req: restify.Request, res: restify.Response) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      try {
        const user = await deps.identify(req.header('authorization'));
        await handler(user.aadObjectId, req, res);
      } catch (err) {
        if (err instanceof IdentityError) return json(res, 401, { error: 'unauthorized' });
        if (err instanceof IdentityUnavailable) return json(res, 503, { error: 'unavailable' });
        deps.logger?.error(
          { err: { name: (err as Error).name, message: (err as Error).message } },
          'form request failed',
        );
        if (!res.headersSent) json(res, 500, { error: 'internal' });
      }
    };
  const draftId = (req: restify.Request) => {
    const id = (req.params as Record<string, unknown>).id;
    return typeof id === 'string' && DRAFT_ID.test(id) ? id : undefined;
  };

  server.get('/form', async (_req, res) =>
    send(res, 200, 'text/html; charset=utf-8', page.html, {
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': page.csp,
    }),
  );
  server.get('/form/form.js', async (_req, res) =>
    send(res, 200, 'text/javascript; charset=utf-8', page.js, { 'Cache-Control': 'no-cache' }),
  );

  server.get(
    '/api/form/drafts/:id',
    guarded(async (owner, req, res) => {
      const id = draftId(req);
      const field = Number(new URL(req.url ?? '/', 'http://form.invalid').searchParams.get('field') ?? '');
      const only = Number.isInteger(field) && FIELDS.some((f) => f.number === field) ? field : undefined;
      const opened = id ? await deps.windows.open(owner, id, only) : undefined;
      if (!opened) return json(res, 404, { error: 'notFound' });
      const tx = await deps.windows.texts(owner, lang(req) ?? undefined);
      json(res, 200, {
        lang: tx.locale,
        title: titleLabel(tx, opened.draft, (t) => t),
        progress: tx.t('formWindow.progress', { done: fieldsDone(opened.draft), total: FIELDS.length }),
        fields: drawn(tx, opened.fields, opened.draft.kind),
        states: STATES.map((s) => label(s, tx.locale)),
      });
    }),
  );

  server.put(
    '/api/form/drafts/:id',
    guarded(async (owner, req, res) => {
      const id = draftId(req);
      const body = Write.safeParse(req.body);
      if (!id || !body.success) return json(res, 400, { error: 'badRequest' });
      const limit = allowed(owner);
      if (!limit.ok)
        return send(res, 429, 'application/json; charset=utf-8', JSON.stringify({ error: 'tooMany' }), {
          'Cache-Control': 'no-store',
          'Retry-After': String(limit.retryAfterSeconds),
        });
      const tx = await deps.windows.texts(owner, body.data.lang);
      const written = await deps.windows.write(owner, id, body.data.writes, baseLocale(tx.locale));
      if (!written) return json(res, 404, { error: 'notFound' });
      json(res, 200, {
        results: said(tx, written.results),
        progress: tx.t('formWindow.progress', { done: fieldsDone(written.draft), total: FIELDS.length }),
      });
    }),
  );
}
