import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { startBot, type Running } from '../support/running.js';
import { exchange } from '../support/say.js';
import { teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';
import { ALICE, AUDIENCE, TENANT, startIdp, type Idp } from '../tab/fixtures.js';
import { dialogHostPage } from './dialogHost.js';

/*
 * The form window as an official sees it: the bot's page in headless Chromium, framed by a stand-in for Teams'
 * dialog host (teams-js answered over postMessage), on the real server. What the official types is saved on
 * its own, a problem is shown under its box in the chat's words, and "Done" hands Teams what brings the chat on.
 */

const OUT = new URL('../../test-output/forms/', import.meta.url);

interface Card {
  actions?: Array<{ title: string; data?: Record<string, unknown> }>;
}

describe('Form window in headless Chromium, inside a Teams dialog stand-in', function () {
  this.timeout(90_000);
  let running: Running;
  let idp: Idp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const invoke = async (name: string, data: Record<string, unknown>) => {
    const activity = {
      ...teamsMessage({ serviceUrl: running.connector.url, aad: ALICE, text: '' }),
      type: 'invoke',
      name,
      value: { data },
    };
    const res = await fetch(`${running.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return text ? (JSON.parse(text) as { task?: { type: string; value: { url: string } } }) : {};
  };
  /** The dialog's address as Teams would get it from the question card's button. */
  const windowFor = async (button: { data?: Record<string, unknown> }) => {
    const task = (await invoke('task/fetch', button.data!)).task!;
    assert.equal(task.type, 'continue');
    const url = new URL(task.value.url);
    return `${url.pathname}${url.search}`;
  };
  const openDialog = async (path: string, theme = 'default'): Promise<Frame> => {
    await page.goto(`${running.bot.url}/test/dialog?theme=${theme}&url=${encodeURIComponent(path)}`);
    const frame = await (await page.waitForSelector('#dialog')).contentFrame();
    assert.ok(frame);
    await frame.waitForSelector('#fields textarea, #fields input');
    return frame;
  };
  const buttonOf = (replyTo: string | undefined, kind: string) => {
    const sent = running.connector.sent.filter(
      (c) => c.activity.replyToId === replyTo && c.activity.attachments?.length,
    );
    const card = sent.at(-1)!.activity.attachments![0]!.content as Card;
    return card.actions!.find(
      (a) =>
        (a.data?.mesicic === kind && (kind !== 'form' || a.data.all !== true)) ||
        (kind === 'all' && a.data?.all === true),
    )!;
  };

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    idp = await startIdp();
    running = await startBot(() => ({ TAB_SSO_AUDIENCE: AUDIENCE, TAB_OPENID_CONFIG_URL: idp.configUrl }));
    // The stand-in host is served by the test itself, beside the bot (same origin as the page it frames).
    const { createServer } = await import('node:http');
    void createServer;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  after(async () => {
    await browser?.close();
    await running?.stop();
    await idp?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1020, height: 780 }, locale: 'es-419' });
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/test/dialog') {
        const html = dialogHostPage({
          token: await idp.token(ALICE),
          locale: 'es-419',
          theme: (url.searchParams.get('theme') as 'dark') ?? 'default',
          user: { id: ALICE, tenantId: TENANT },
          url: url.searchParams.get('url')!,
        });
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      return route.abort();
    });
    page = await context.newPage();
  });
  afterEach(async () => context?.close());

  it('one field: the problem under the box, saved on its own, and "Done" brings the chat on', async () => {
    const { bot, connector } = running;
    await exchange(bot.url, connector, { aad: ALICE, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad: ALICE, text: '1' });
    const frame = await openDialog(await windowFor(buttonOf(activity.id, 'form')));

    assert.equal(await frame.locator('section.field').count(), 1, 'one field');
    assert.match(await frame.locator('h2').first().innerText(), /^1\. Institución/);
    assert.match(
      await frame.locator('aside').innerText(),
      /nombre completo de la institución/,
      'guidance beside the box',
    );

    const name = frame.locator('[data-part="institution.name"]');
    await name.fill('ab');
    await name.blur();
    const error = frame.locator('#p-institution_name-error');
    await frame.waitForFunction(() =>
      /al menos 3/.test(document.getElementById('p-institution_name-error')?.textContent ?? ''),
    );
    assert.match(await error.innerText(), /^Guardado como texto sin terminar: .*escriba al menos 3/);
    assert.match(await frame.locator('.meta').first().innerText(), /2 caracteres \(mínimo 3, máximo 300\)/);
    await page.screenshot({ path: new URL('01-window-problem.png', OUT).pathname });

    await name.fill('Autoridad Nacional de Transparencia y Acceso a la Información');
    // No blur: the pause alone saves it (autosave every few seconds).
    await frame.waitForFunction(() => document.getElementById('p-institution_name-error')?.textContent === '', null, {
      timeout: 20_000,
    });
    await frame.locator('[data-part="institution.state"]').fill('Panamá');
    await frame.locator('[data-part="institution.state"]').blur();
    await frame.waitForFunction(() => /^1 de 12/.test(document.getElementById('progress')?.textContent ?? ''), null, {
      timeout: 20_000,
    });
    assert.match(await frame.locator('#status').innerText(), /Guardado ✓/);
    await page.screenshot({ path: new URL('02-window-saved.png', OUT).pathname });

    await frame.locator('#done').click();
    await page.waitForFunction(() => (window as unknown as { submitted: unknown[] }).submitted.length > 0);
    const submitted = (await page.evaluate(
      () => (window as unknown as { submitted: unknown[] }).submitted[0],
    )) as Record<string, unknown>;
    assert.equal(submitted.mesicic, 'form');
    assert.equal(submitted.done, true);
    // Teams hands it to the bot: the chat goes on at field 2, in one new card.
    const before = connector.sent.length;
    await invoke('task/submit', submitted);
    const cards = connector.sent.slice(before).filter((c) => c.activity.attachments?.length);
    assert.equal(cards.length, 1);
    assert.match(visibleText(cards[0]!.activity), /Campo 2 de 12/);
  });

  it('the whole form: twelve fields, saved as each is left, kept when the window is closed without "Done"', async () => {
    const { bot, connector } = running;
    // Alice's draft stands at field 2 now; the review card's "whole form" button is reached via "revisar".
    const { activity } = await exchange(bot.url, connector, { aad: ALICE, text: 'revisar' });
    const sent = connector.sent.filter((c) => c.activity.replyToId === activity.id && c.activity.attachments?.length);
    const card = sent.at(-1)!.activity.attachments![0]!.content as Card;
    const all = card.actions!.find((a) => a.data?.mesicic === 'form' && a.data.all === true);
    assert.ok(all, 'the review offers the whole form');
    const path = await windowFor(all);
    const frame = await openDialog(path, 'dark');
    assert.equal(await frame.locator('section.field').count(), 12);
    assert.equal(
      await frame.locator('[data-part="institution.name"]').inputValue(),
      'Autoridad Nacional de Transparencia y Acceso a la Información',
      'what the chat and the first window saved',
    );
    const description =
      'La Autoridad publica cada mes, en un portal abierto, los contratos firmados por las instituciones, con sus montos, plazos y proveedores.';
    await frame.locator('[data-part="description.text"]').fill(description);
    assert.match(
      await frame.locator('section[data-field="3"] .meta').innerText(),
      /máximo 60\.000/,
      'limits written as numbers are in the language',
    );
    await frame.locator('[data-part="reasons.text"]').focus();
    await frame.waitForFunction(() => /^2 de 12/.test(document.getElementById('progress')?.textContent ?? ''), null, {
      timeout: 20_000,
    });
    await page.screenshot({ path: new URL('03-whole-form-dark.png', OUT).pathname, fullPage: true });

    // Written, then the window closed at once (no pause, no "Done"): the page saves as it goes.
    const reasons =
      'Las compras públicas concentraban la mayoría de las denuncias de corrupción recibidas por la Autoridad.';
    await frame.locator('[data-part="reasons.text"]').fill(reasons);
    await page.close({ runBeforeUnload: true });
    const token = await idp.token(ALICE);
    const draftId = new URL(path, 'http://x').searchParams.get('draft')!;
    let kept = '';
    for (let i = 0; i < 100 && kept !== reasons; i++) {
      const res = await fetch(`${bot.url}/api/form/drafts/${draftId}?lang=es`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { fields: Array<{ number: number; parts: Array<{ text: string }> }> };
      kept = body.fields.find((f) => f.number === 4)!.parts[0]!.text;
      if (kept !== reasons) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(kept, reasons, 'what was typed last reached the draft');
  });
});
