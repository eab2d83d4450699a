import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import type { BrowserContext } from 'playwright-core';
import { main, type RunningBot } from '../../bot/index.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { label, provisionById, stateByCode } from '../../dialogs/core/reference.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import { seedDocx } from '../fixtures/seedDocx.js';
import { FileServer } from '../support/fileServer.js';
import { Playground, PlaygroundPage, ROOT, launchChromium } from './harness.js';

// Must match test/e2e/playground.yml.
const TEAM_ID = '19:mesicic-secretariat@thread.tacv2';
const GENERAL = 'MESICIC Secretariat - General';
const PERSONAL = 'Personal Chat';
const PERSONAL_ID = 'a:e2e-personal-chat';
const REFERENCE = /MESICIC-BP-\d{4}-\d{4}/;

interface Locale {
  cards: Record<'save' | 'skip' | 'submit' | 'new' | 'placeholder' | 'window', string>;
  fields: Record<string, { label: string; parts?: Record<string, { prompt: string }> }>;
  kinds: { practice: { label: string } };
  review: { ready: string };
}
const locale = (lang: string): Locale =>
  JSON.parse(readFileSync(join(ROOT, `bot/locales/${lang}.json`), 'utf8')) as Locale;
const en = locale('en');
const es = locale('es');
/** A locale text as the card shows it: markdown bold rendered, not typed. */
const shown = (s: string) => s.replace(/\*\*/g, '');
const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * An official presents Panama's good practice through the real bot, in the Microsoft 365 Agents Playground's
 * Teams client (headless Chromium), and the Secretariat's team channel receives it.
 */
describe('E2E: a good practice through the Agents Playground', function () {
  this.timeout(180_000);

  const seed = panama();
  let workDir: string;
  let bot: RunningBot | undefined;
  let playground: Playground | undefined;
  let browser: BrowserContext | undefined;
  let ui: PlaygroundPage;
  /** Every activity the bot sent or updated, in order (the composition root's test seam). */
  const events: Array<{ kind: 'send' | 'update'; activity: Partial<Activity>; id?: string }> = [];
  const messagesSince = (mark: number) =>
    events.slice(mark).filter((e) => e.kind === 'send' && e.activity.type === 'message');

  before(async function () {
    this.timeout(120_000);
    workDir = await mkdtemp(join(tmpdir(), 'mesicic-e2e-'));
    browser = await launchChromium(join(workDir, 'chromium'));
    // The Secretariat channel is registered the way Teams does it: the bot is installed in the team.
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: join(workDir, 'data'),
        LOG_LEVEL: 'warn',
        SECRETARIAT_TEAM_ID: TEAM_ID,
        OUTBOX_POLL_MS: '200',
        OUTBOX_BASE_DELAY_MS: '200',
        // The form window's page is offered (its SSO is checked only when the page calls the API).
        TAB_SSO_AUDIENCE: 'api://localhost/00000000-0000-4000-8000-0000000000e2',
      },
      pino({ level: 'warn' }),
      { watch: (event) => events.push(event) },
    );
    playground = await new Playground({
      botEndpoint: `${bot.url}/api/messages`,
      configPath: join(ROOT, 'test/e2e/playground.yml'),
      workDir,
    }).start();
    ui = new PlaygroundPage(browser.pages()[0] ?? (await browser.newPage()), join(ROOT, 'test-output/e2e'));
    // The client keeps no history: the page must be open before the bot posts anything to the channel.
    await ui.open(playground.url);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && ui) await ui.shot('failure').catch(() => undefined);
  });

  after(async function () {
    this.timeout(30_000);
    await browser?.close().catch(() => undefined);
    await playground?.stop();
    await bot?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /**
   * The Playground cannot host a Teams dialog (it lists task/fetch as unsupported), so the card's button is
   * checked the way Teams uses it: its data, sent as the task/fetch invoke Teams would send, must open the
   * bot's form page (tested in a dialog host of its own in test/forms/window.test.ts).
   */
  const formWindowOffered = async (card: import('playwright-core').Locator) => {
    assert.equal(await card.getByRole('button', { name: en.cards.window, exact: true }).count(), 1);
    const last = [...events].reverse().find((e) => e.kind === 'send' && e.activity.attachments?.length)!.activity;
    const content = last.attachments![0]!.content as { actions: Array<{ data?: Record<string, unknown> }> };
    const data = content.actions.find((a) => a.data?.mesicic === 'form')!.data!;
    const invoke = {
      type: 'invoke',
      name: 'task/fetch',
      id: `e2e-fetch-${Date.now()}`,
      channelId: 'msteams',
      serviceUrl: last.serviceUrl,
      from: last.recipient,
      recipient: last.from,
      conversation: last.conversation,
      value: { data },
    };
    const res = await fetch(`${bot!.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke),
    });
    const task = ((await res.json()) as { task: { type: string; value: { url: string; title: string } } }).task;
    assert.equal(task.type, 'continue');
    assert.match(task.value.title, /field 3/);
    const page = await fetch(task.value.url);
    assert.equal(page.status, 200, 'the form page is served');
  };

  it(`walks the ${FIELDS.length} fields with cards and the compose box, submits, and notifies the Secretariat channel`, async () => {
    const { page } = ui;

    // Opening the team's General channel installs the bot there; that registers the Secretariat channel.
    await ui.select(GENERAL);
    const channelKnown = async () =>
      ((await (await fetch(`${bot!.url}/health`)).json()) as { channelKnown?: boolean }).channelKnown === true;
    for (const started = Date.now(); !(await channelKnown()); await page.waitForTimeout(100))
      assert.ok(
        Date.now() - started < 15_000,
        'installing the bot in the Secretariat team did not register its channel',
      );
    await ui.select(PERSONAL);

    // The welcome card. Teams' conversationUpdate for the personal install carries no locale, so the bot
    // greets in its default Spanish and keeps it for the next message; the official picks English on the card.
    const newSubmission = new RegExp(`^(${en.cards.new}|${es.cards.new})$`);
    const welcome = await ui.card(/MESICIC/, newSubmission);
    await ui.shot('01-welcome');
    const english = welcome.getByRole('button', { name: 'English', exact: true });
    if ((await english.count()) > 0) {
      await english.click();
      await page
        .getByText(/we will continue in English/)
        .last()
        .waitFor({ timeout: 20_000 });
    }
    await welcome.getByRole('button', { name: newSubmission }).click();

    const kind = await ui.card(en.kinds.practice.label, en.cards.save);
    await kind.getByRole('radio', { name: en.kinds.practice.label }).check();
    await kind.getByRole('button', { name: en.cards.save, exact: true }).click();

    // Every part of every field, in order, with the Panama seed's texts. `marks` notes where each answered step
    // began in the bot's output, to count what each step added to the chat.
    const marks: number[] = [];
    /** Called once a step's card is on screen: its message is counted in the step before (once the bot has it). */
    const mark = async () => {
      const last = marks.at(-1);
      for (const started = Date.now(); last !== undefined && messagesSince(last).length === 0;)
        if (Date.now() - started > 20_000) assert.fail('the card is shown but the bot never sent it');
        else await page.waitForTimeout(20);
      marks.push(events.length);
    };
    const inputs = seed.inputs.slice(1);
    let i = 0;
    for (const field of FIELDS) {
      for (const part of field.parts) {
        const id = partId(field, part);
        const input = inputs[i++];
        assert.ok(input !== undefined, `the seed has no input for ${id}`);
        const header = `Field ${field.number} of ${FIELDS.length}: ${en.fields[field.key]!.label}`;
        const prompt = field.parts.length > 1 ? en.fields[field.key]!.parts![part.key]!.prompt : header;
        const card = await ui.card(prompt, en.cards.save);
        await mark();
        assert.match(await card.innerText(), new RegExp(header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

        if (seed.expected[id] === undefined) {
          // Optional parts the seed leaves blank (the topic, the telephone).
          await card.getByRole('button', { name: en.cards.skip, exact: true }).click();
          continue;
        }
        if (id === 'institution.state') {
          await ui.choose(card, exactly(label(stateByCode(seed.state)!, 'en')));
          await ui.shot('02-question-state', { card });
        } else if (id === 'title.provisions') {
          for (const p of seed.provisions)
            await ui.choose(card, exactly(`${p}: ${label(provisionById(p)!, 'en')}`), { multi: true });
        } else if (id === 'contact.email') {
          // A mistyped address: the same card answers in place, the problem under its box, nothing new in the chat.
          const mark = events.length;
          await card.getByPlaceholder(en.cards.placeholder).fill('ana.perez@');
          await card.getByRole('button', { name: en.cards.save, exact: true }).click();
          const problem = ui
            .cards()
            .filter({ hasText: /is not a valid email address/ })
            .last();
          await problem.waitFor({ timeout: 20_000 });
          assert.equal(messagesSince(mark).length, 0, 'a refused answer adds no message');
          assert.equal(await problem.getByPlaceholder(en.cards.placeholder).inputValue(), 'ana.perez@', 'kept');
          await ui.shot('02-question-refused-in-place', { card: problem });
          await problem.getByPlaceholder(en.cards.placeholder).fill(input);
          await problem.getByRole('button', { name: en.cards.save, exact: true }).click();
          continue;
        } else if (id === 'documents.text') {
          // An official may ignore the card and answer in the compose box.
          await ui.say(input);
          continue;
        } else {
          await card.getByPlaceholder(en.cards.placeholder).fill(input);
          if (id === 'description.text') {
            await ui.shot('02-question-narrative', { card });
            await formWindowOffered(card);
          }
        }
        await card.getByRole('button', { name: en.cards.save, exact: true }).click();
      }
    }

    // The review: every field complete, the answers visible.
    const review = await ui.card(shown(en.review.ready), en.cards.submit);
    await mark();
    // One new message per answered step at most: the next question with its acknowledgement on top.
    const perStep = marks.slice(1).map((end, n) => messagesSince(marks[n]!).length - messagesSince(end).length);
    assert.ok(perStep.length >= 15, `counted ${perStep.length} steps`);
    assert.deepEqual(
      perStep.filter((c) => c > 1),
      [],
      `messages per step: ${perStep.join(' ')}`,
    );
    const onReview = await review.innerText();
    assert.ok(onReview.includes(seed.expected['institution.name']!), 'the review shows the institution');
    assert.match(onReview, new RegExp(label(stateByCode(seed.state)!, 'en')), 'the review shows the State Party');
    assert.ok(
      onReview.includes(seed.expected['documents.text']!),
      'the review shows the answer typed in the compose box',
    );
    assert.ok(!onReview.includes('⚠️'), 'no field is missing');
    await ui.shot('03-review', { card: review });

    // Submit: the receipt names the reference.
    await review.getByRole('button', { name: en.cards.submit, exact: true }).click();
    const receipt = ui.cards().filter({ hasText: REFERENCE }).last();
    await receipt.waitFor({ timeout: 20_000 });
    const reference = REFERENCE.exec(await receipt.innerText())![0];
    await ui.shot('04-receipt', { card: receipt });
    // The official keeps a copy: the receipt opens on what was sent, field by field (and offers the Word copy).
    await receipt.getByRole('button', { name: 'Show what was sent', exact: true }).click();
    const copy = await receipt.innerText();
    assert.ok(copy.includes(seed.expected['institution.name']!), 'the receipt shows the institution sent');
    assert.match(copy, /12\.\s?Contact/);
    assert.equal(await receipt.getByRole('button', { name: 'Download as Word', exact: true }).count(), 1);
    await ui.shot('04-receipt-sent', { card: receipt });
    // No card left live behind: every question, the welcome and the review lost their buttons once answered.
    for (const button of [en.cards.save, en.cards.submit, en.cards.skip, en.cards.new])
      assert.equal(
        await ui.page.getByRole('button', { name: button, exact: true }).count(),
        0,
        `no "${button}" button left in the chat`,
      );

    // What the Secretariat's repository holds is what was typed into the cards, verbatim.
    const record = await new PracticeRepository(LowdbFileStore.reader(join(workDir, 'data'))).get(reference);
    assert.ok(record, `practice ${reference} is stored`);
    assert.equal(record.state, seed.state);
    assert.deepEqual(record.provisions, seed.provisions);
    for (const [part, text] of Object.entries(seed.expected))
      if (part !== 'institution.state' && part !== 'title.provisions')
        assert.equal(record.answers[part]?.text, text, part);

    // The Secretariat's channel gets the notification card with that reference.
    await ui.select(GENERAL);
    const notice = ui.cards().filter({ hasText: reference }).last();
    await notice.waitFor({ timeout: 30_000 });
    assert.ok(
      (await notice.innerText()).includes(seed.expected['institution.name']!),
      'the notification names the institution',
    );
    await ui.shot('05-channel-notification', { fit: notice });
  });

  it('imports the Word format sent in the personal chat: one card of what was found, then only the missing part', async () => {
    // The Playground's custom-activity route delivers a message as Teams sends a file: a file.download.info
    // attachment whose downloadUrl (a local file server standing in for OneDrive) serves a real .docx.
    const files = await new FileServer().start();
    try {
      await ui.select(PERSONAL);
      const url = files.add('mexico.docx', await seedDocx('mexico', 'autoNumbering'));
      const base = (await (
        await fetch(`${playground!.url}/_internal/v1/customActivities/template?conversationId=${PERSONAL_ID}`)
      ).json()) as Record<string, unknown>;
      const sent = await fetch(`${playground!.url}/_internal/v1/customActivities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...base,
          type: 'message',
          locale: 'en-US',
          text: '',
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.file.download.info',
              name: 'Mexico good practice.docx',
              contentUrl: url,
              content: { downloadUrl: url, uniqueId: 'e2e-1', fileType: 'docx' },
            },
          ],
        }),
      });
      assert.equal(sent.status, 200);
      const report = ui.cards().filter({ hasText: 'What I found in the document' }).last();
      await report.waitFor({ timeout: 30_000 });
      const seen = await report.innerText();
      assert.match(seen, /I have read “Mexico good practice\.docx”: 11 of 12 fields complete/);
      assert.match(seen, /Secretaría de la Función Pública/);
      assert.match(seen, /Missing: State Party/);
      await ui.shot('06-import-report', { card: report });
      // The next card asks the one part the document did not give.
      const question = await ui.card(en.fields.institution!.parts!.state!.prompt, en.cards.save);
      await ui.shot('07-import-next-question', { card: question });
    } finally {
      await files.stop();
    }
  });
});
