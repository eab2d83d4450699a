import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { main, type RunningBot } from '../../bot/index.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { capturedLogs } from '../support/logs.js';
import { AUDIENCE, NAMES, REVIEWER, TENANT, startIdp, type Idp } from './fixtures.js';
import { hostPage } from './host.js';

export const OUT = new URL('../../test-output/tab/', import.meta.url);
export const shot = (name: string) => new URL(name, OUT).pathname;

export type Theme = 'default' | 'dark' | 'contrast';

/** The real bot (composition root) on a data folder `seed` fills, with an Azure AD stand-in and the Teams host stand-in at /test/host. */
export interface TabBot {
  base: string;
  idp: Idp;
  bot: RunningBot;
  logs: string[];
  token(oid: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTabBot(seed: (store: DocumentStore) => Promise<void>): Promise<TabBot> {
  const idp = await startIdp();
  const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-tab-'));
  const store = await LowdbFileStore.open(dataDir, { journal: false, fsync: false });
  await seed(store);
  await store.close();
  const captured = capturedLogs('warn');
  const bot = await main(
    {
      PORT: '0',
      DATA_DIR: dataDir,
      TAB_SSO_AUDIENCE: AUDIENCE,
      TAB_OPENID_CONFIG_URL: idp.configUrl,
      SECRETARIAT_REVIEWERS: REVIEWER,
      ALLOWED_TENANTS: TENANT,
    },
    captured.logger,
    {
      routes: (server) =>
        server.get('/test/host', async (req, res) => {
          const q = new URL(req.url ?? '/', 'http://x').searchParams;
          const who = q.get('who') ?? REVIEWER;
          const html = hostPage({
            token: await idp.token(who),
            locale: q.get('locale') ?? 'es-MX',
            theme: (q.get('theme') as Theme | null) ?? 'default',
            user: { id: who, name: NAMES[who] ?? 'Someone', tenantId: TENANT },
            ...(q.get('tab') ? { tabUrl: q.get('tab')! } : {}),
          });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(html);
        }),
    },
  );
  return {
    base: bot.url,
    idp,
    bot,
    logs: captured.lines,
    token: (oid) => idp.token(oid),
    close: async () => {
      await bot.close();
      await idp.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A browser context that reaches loopback only (teams-js's fetch of its origin list from the CDN is refused). */
export async function loopbackContext(
  browser: Browser,
  viewport = { width: 1200, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US', acceptDownloads: true });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' || url.hostname === 'localhost' ? route.continue() : route.abort();
  });
  return context;
}

export async function tabFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('#tab');
  const frame = await handle.contentFrame();
  assert.ok(frame);
  return frame;
}

/**
 * Polls a condition, failing with what was awaited after `ms`. A check that throws counts as not yet (a frame
 * navigating away destroys the context it ran in); the last error is named if time runs out.
 */
export async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  let last: Error | undefined;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      last = err instanceof Error ? err : new Error(String(err));
    }
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

/** The keys of the rows the list shows now. */
export const rowKeys = (frame: Frame) =>
  frame.$$eval('#rows tr[data-key]', (rows) => rows.map((r) => (r as HTMLElement).dataset.key ?? ''));

/** Opens the tab in the Teams stand-in as `who`, and waits for the list's first rows. */
export async function openTab(
  page: Page,
  base: string,
  who: string,
  options: { locale?: string; theme?: Theme; hash?: string } = {},
): Promise<Frame> {
  const query = new URLSearchParams({ who, locale: options.locale ?? 'es-MX', theme: options.theme ?? 'default' });
  if (options.hash) query.set('tab', `/tab${options.hash}`);
  await page.goto(`${base}/test/host?${query.toString()}`);
  const frame = await tabFrame(page);
  await frame.waitForSelector('#app:not([hidden])');
  return frame;
}
