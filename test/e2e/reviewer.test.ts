import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { BrowserContext, Locator } from 'playwright-core';
import { main, type RunningBot } from '../../bot/index.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import { drawCard } from '../support/cardPage.js';
import { ConnectorStandIn } from '../support/connector.js';
import { post, teamsMessage } from '../support/teams.js';
import { Playground, PlaygroundPage, ROOT, launchChromium } from './harness.js';

// Must match test/e2e/playground.yml.
const TEAM_ID = '19:mesicic-secretariat@thread.tacv2';
const TENANT = '0a5a0000-0000-4000-8000-00000000e2e0';
const GENERAL = 'MESICIC Secretariat - General';
const REVIEWER = { id: '29:user-1', name: 'Ana Uno', aadObjectId: '0a5a0000-0000-4000-8000-0000000000b1' };
const OFFICIAL = 'aad-e2e-official';
const REFERENCE = /MESICIC-BP-\d{4}-\d{4}/;
const SHOTS = join(ROOT, 'test-output/e2e');

type Json = Record<string, unknown>;

/**
 * The Secretariat's side in the Agents Playground's Teams client (headless Chromium): the practice's card in the
 * team channel, redrawn in place as it is returned, resubmitted and accepted; the new version a reply in its
 * thread. The official writes over HTTP (their chat is not what this test looks at). The Playground hosts no
 * dialogs (task/fetch): those are asked of the bot as Teams would ask, from the Playground's channel, and the page
 * View opens is loaded in the same browser.
 */
describe('E2E: the Secretariat reviews in the Agents Playground', function () {
  this.timeout(240_000);

  let workDir: string;
  let bot: RunningBot | undefined;
  let playground: Playground | undefined;
  let browser: BrowserContext | undefined;
  let officialChat: ConnectorStandIn | undefined;
  let ui: PlaygroundPage;

  before(async function () {
    this.timeout(120_000);
    workDir = await mkdtemp(join(tmpdir(), 'mesicic-e2e-reviewer-'));
    browser = await launchChromium(join(workDir, 'chromium'));
    officialChat = await new ConnectorStandIn().start();
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: join(workDir, 'data'),
        LOG_LEVEL: 'warn',
        SECRETARIAT_TEAM_ID: TEAM_ID,
        OUTBOX_POLL_MS: '200',
        OUTBOX_BASE_DELAY_MS: '200',
        RATE_LIMIT_PER_MINUTE: '600',
      },
      pino({ level: 'warn' }),
    );
    playground = await new Playground({
      botEndpoint: `${bot.url}/api/messages`,
      configPath: join(ROOT, 'test/e2e/playground.yml'),
      workDir,
    }).start();
    ui = new PlaygroundPage(browser.pages()[0] ?? (await browser.newPage()), SHOTS);
    await ui.open(playground.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && ui) await ui.shot('reviewer-failure').catch(() => undefined);
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    await playground?.stop();
    await bot?.close();
    await officialChat?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const onDisk = (reference: string) =>
    new PracticeRepository(LowdbFileStore.reader(join(workDir, 'data'))).get(reference);

  /** The official's message and the bot's answer to it (in the official's own chat, a stand-in). */
  const official = async (text: string) => {
    const chat = officialChat!;
    const convo = `a:personal-${OFFICIAL}`;
    const before = chat.textsTo(convo).length;
    assert.equal(
      await post(bot!.url, teamsMessage({ serviceUrl: chat.url, aad: OFFICIAL, name: 'Carmen', text })),
      200,
    );
    await chat.waitFor(() => chat.textsTo(convo).length > before, 20_000);
    return chat.textsTo(convo).at(-1)!;
  };

  /** A dialog's invoke, as Teams sends it when a reviewer presses a card's button in the Playground's channel. */
  const dialog = async (name: 'task/fetch' | 'task/submit', data: Json, thread: string) => {
    const activity = {
      type: 'invoke',
      name,
      id: `e2e-${Date.now()}-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: playground!.url,
      locale: 'es-419',
      from: REVIEWER,
      recipient: { id: '28:mesicic-e2e-bot', name: 'MESICIC' },
      conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT, name: '' },
      channelData: { team: { id: TEAM_ID }, channel: { id: TEAM_ID }, tenant: { id: TENANT } },
      value: { data, context: { theme: 'default' } },
    };
    const res = await fetch(`${bot!.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    assert.equal(res.status, 200);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as { task?: { type: string; value: Json | string } };
  };

  /** The card of the practice in the channel, as the Playground draws it now. */
  const practiceCard = (reference: string, showing: RegExp): Locator =>
    ui.cards().filter({ hasText: reference }).filter({ hasText: showing }).first();

  /** Saves a dialog answered as a card, drawn by Microsoft's renderer as the dialog would show it. */
  const dialogShot = async (answer: { task?: { type: string; value: Json | string } }, name: string) => {
    const value = answer.task?.value as { title: string; card: { content: Json } };
    const page = await browser!.newPage();
    try {
      await page.setViewportSize({ width: 760, height: 900 });
      await drawCard(page, value.card.content, value.title);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      return await page.locator('#frame').innerText();
    } finally {
      await page.close();
    }
  };

  /** Saves the page of a View dialog as the reviewer sees it. */
  const viewShot = async (url: string, name: string): Promise<string> => {
    const page = await browser!.newPage();
    try {
      await page.setViewportSize({ width: 1000, height: 900 });
      const res = await page.goto(url, { waitUntil: 'domcontentloaded' });
      assert.equal(res?.status(), 200);
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      return await page.content();
    } finally {
      await page.close();
    }
  };

  it('View, Return with a comment per field, the new version in the same thread with its changes, Accept: one card, kept true', async () => {
    const { page } = ui;
    await ui.select(GENERAL);
    const channelKnown = async () =>
      ((await (await fetch(`${bot!.url}/health`)).json()) as { channelKnown?: boolean }).channelKnown === true;
    for (const started = Date.now(); !(await channelKnown()); await page.waitForTimeout(100))
      assert.ok(
        Date.now() - started < 15_000,
        'installing the bot in the Secretariat team did not register its channel',
      );

    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = REFERENCE.exec(await official('enviar'))![0];

    // The practice's card in the channel: what it is, where it stands, and what a reviewer can do.
    const received = practiceCard(reference, /Espera una decisión: versión 1/);
    await received.waitFor({ timeout: 30_000 });
    for (const button of ['Ver la práctica', 'Word', 'Aceptar', 'Devolver con comentarios'])
      assert.equal(await received.getByRole('button', { name: button, exact: true }).count(), 1, button);
    await ui.shot('r01-channel-card', { card: received });
    let record = (await onDisk(reference))!;
    for (let i = 0; !record.channelPost && i < 100; i++) {
      await page.waitForTimeout(100);
      record = (await onDisk(reference))!;
    }
    const thread = record.channelPost!.conversationId;

    // View: the dialog's page, every field in full, in the Secretariat's language.
    const view = await dialog('task/fetch', { mesicic: 'reviewView', reference, version: 1 }, thread);
    assert.equal(view.task?.type, 'continue');
    const v1 = await viewShot(String((view.task.value as Json).url), 'r02-view-version-1');
    for (const f of FIELDS) assert.match(v1, new RegExp(`<h2>${f.number}\\. `), `field ${f.number} on the page`);

    // Return: a comment per field, checked in the dialog before anything is decided.
    const opened = await dialog('task/fetch', { mesicic: 'reviewReturn', reference, version: 1 }, thread);
    assert.equal(opened.task?.type, 'continue');
    assert.match(await dialogShot(opened, 'r03a-return-dialog'), /3\. Descripción de la buena práctica/);
    const empty = await dialog('task/submit', { mesicic: 'reviewReturn', reference, version: 1 }, thread);
    assert.match(await dialogShot(empty, 'r03b-return-dialog-check'), /escriba un comentario en al menos un campo/);
    assert.equal((await onDisk(reference))?.status, 'submitted');
    const closed = await dialog(
      'task/submit',
      {
        mesicic: 'reviewReturn',
        reference,
        version: 1,
        'comment-3': 'Explique la sustentabilidad: desde cuándo funciona.',
        'comment-6': 'Indique el costo anual y el personal.',
      },
      thread,
    );
    assert.equal(closed.task, undefined, 'the dialog closes');
    const returned = practiceCard(reference, /Devuelta por Ana Uno/);
    await returned.waitFor({ timeout: 30_000 });
    assert.match(await returned.innerText(), /campos 3 \(Descripción de la buena práctica\), 6 \(Implementación\)/);
    assert.equal(await returned.getByRole('button', { name: 'Aceptar', exact: true }).count(), 0);
    await ui.shot('r03c-card-returned', { card: returned });

    // Word: its signed links, in a small dialog for the one who asked.
    const word = await dialog('task/fetch', { mesicic: 'reviewWord', reference }, thread);
    assert.match(await dialogShot(word, 'r03d-word-dialog'), /solo para usted y valen 15 minutos/);

    // The official revises the two fields, each with its own comment, and sends version 2.
    await official('continuar');
    await official(
      'Descripción revisada: el curso se ofrece desde 2021 y es sostenible porque forma parte del plan anual.',
    );
    await official(
      'Implementación revisada: costo anual de 9.630 dólares y dos personas de la dirección de transparencia.',
    );
    assert.match(await official('enviar'), new RegExp(reference));

    // Version 2: a reply in the practice's thread, and the one card atop it shows the latest.
    const reply = ui
      .cards()
      .filter({ hasText: `Versión 2 de ${reference}` })
      .first();
    await reply.waitFor({ timeout: 30_000 });
    assert.match(
      await reply.innerText(),
      /Campos que cambiaron desde la versión 1:[\s\S]*3\. Descripción[\s\S]*6\. Implementación/,
    );
    const awaiting = practiceCard(reference, /Espera una decisión: versión 2/);
    await awaiting.waitFor({ timeout: 30_000 });
    assert.match(
      await awaiting.innerText(),
      /Cambió desde la versión 1: 3 \(Descripción de la buena práctica\), 6 \(Implementación\)/,
    );
    assert.equal(
      await ui
        .cards()
        .filter({ hasText: /Espera una decisión/ })
        .count(),
      1,
      'one card for the practice',
    );
    await ui.shot('r04-thread-version-2', { fit: reply });

    // View of version 2: the changed fields marked, the words added and removed shown.
    const view2 = await dialog('task/fetch', { mesicic: 'reviewView', reference, version: 2 }, thread);
    const v2 = await viewShot(String((view2.task!.value as Json).url), 'r05-view-version-2-changes');
    const changed = [...v2.matchAll(/<section class="field changed" data-changed="1">\s*<h2>(\d+)\./g)].map(
      (m) => m[1],
    );
    assert.deepEqual(changed, ['3', '6']);
    assert.match(v2, /<ins>[^<]*revisada[^<]*<\/ins>/);
    assert.match(v2, /<del>[^<]+<\/del>/);

    // Accept, pressed on the card in the Playground (a Universal Action): the card itself is the answer.
    await awaiting.getByRole('button', { name: 'Aceptar', exact: true }).click();
    const accepted = practiceCard(reference, /Aceptada por/);
    await accepted.waitFor({ timeout: 30_000 });
    assert.equal(await accepted.getByRole('button', { name: 'Aceptar', exact: true }).count(), 0);
    assert.equal(await accepted.getByRole('button', { name: 'Devolver con comentarios', exact: true }).count(), 0);
    assert.equal(await accepted.getByRole('button', { name: 'Ver la práctica', exact: true }).count(), 1);
    await ui.shot('r06-card-accepted', { card: accepted });

    record = (await onDisk(reference))!;
    assert.equal(record.status, 'accepted');
    assert.deepEqual(
      record.history.map((h) => h.status),
      ['submitted', 'returned', 'submitted', 'accepted'],
    );
    // A later press on a stale copy (the Return dialog from before): refused, to the reviewer alone.
    const late = await dialog('task/fetch', { mesicic: 'reviewReturn', reference, version: 2 }, thread);
    assert.equal(late.task?.type, 'message');
    assert.match(late.task?.value as string, /otra persona ya actuó\. ✅ Aceptada por/);
  });
});
