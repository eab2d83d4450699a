import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { panama as panamaSeed } from '../fixtures/seeds.js';
import { documentXml, paragraphs } from '../export/docxText.js';
import { startBot, type Running } from '../support/running.js';
import { exchange, say } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

/*
 * "descargar" gives the official their own Word copy: in the personal Teams chat through the file consent flow
 * (a consent card; on accept, an upload to the address Teams gives, then a file card), and as a short-lived
 * link when the official declines, the upload fails, or the chat is not a personal Teams one.
 */

/** Stands in for the OneDrive upload session Teams hands the bot: records each PUT, or refuses with `status`. */
class UploadStandIn {
  readonly uploads: Array<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> = [];
  status = 201;
  private server: Server | undefined;
  url = '';
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT') this.uploads.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(this.status, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/upload-session/1`;
    return this;
  }
  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

const panama = panamaSeed();
const AAD = 'aad-word-copy';
const CONVERSATION = `a:personal-${AAD}`;

/** What Teams posts when the official presses Allow or Decline on the consent card. */
function consentInvoke(serviceUrl: string, action: 'accept' | 'decline', context: unknown, uploadUrl: string) {
  const base = teamsMessage({ serviceUrl, aad: AAD, text: '' });
  return {
    ...base,
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context,
      ...(action === 'accept'
        ? {
            uploadInfo: {
              name: 'Copia.docx',
              uploadUrl,
              contentUrl: 'https://contoso-my.sharepoint.com/personal/Copia.docx',
              uniqueId: 'unique-1',
              fileType: 'docx',
            },
          }
        : {}),
    },
  } as Partial<Activity>;
}

describe('HTTP: the official’s own Word copy (file consent, or a signed link)', function () {
  this.timeout(60_000);
  let running: Running;
  let upload: UploadStandIn;

  beforeEach(async () => {
    running = await startBot();
    upload = await new UploadStandIn().start();
  });
  afterEach(async () => {
    await running.stop();
    await upload.stop();
  });

  /** An official with a few fields answered, then "descargar": the consent card's attachment. */
  async function askForCopy(): Promise<{ content: { acceptContext: unknown; sizeInBytes: number }; name: string }> {
    const { connector, bot } = running;
    for (const text of ['nuevo', ...panama.inputs.slice(0, 6)]) await say(bot.url, connector, { aad: AAD, text });
    const { activity } = await exchange(bot.url, connector, { aad: AAD, text: 'descargar' });
    const consent = () =>
      connector.sent
        .filter((c) => c.activity.replyToId === activity.id)
        .flatMap((c) => c.activity.attachments ?? [])
        .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
    // The file is built before the card is sent (the card states its size): it may follow the first reply.
    await connector.waitFor(() => !!consent(), 20_000).catch(() => undefined);
    const card = consent();
    assert.ok(card, 'a file consent card is sent in the personal chat');
    return card as unknown as { content: { acceptContext: unknown; sizeInBytes: number }; name: string };
  }

  it('on accept, uploads the draft as a Word file in the standard format and shows the file card', async () => {
    const card = await askForCopy();
    assert.match(card.name, /^borrador-.*\.docx$/);
    const { connector, bot } = running;
    assert.equal(
      await post(bot.url, consentInvoke(connector.url, 'accept', card.content.acceptContext, upload.url)),
      200,
    );
    await connector.waitFor(() => connector.textsTo(CONVERSATION).some((t) => /OneDrive/.test(t)));
    assert.equal(upload.uploads.length, 1);
    const { headers, body } = upload.uploads[0]!;
    assert.equal(headers['content-range'], `bytes 0-${body.length - 1}/${body.length}`);
    // Built again on accept (the zip's timestamps may differ): the size the card announced is the file's, near enough.
    assert.ok(Math.abs(card.content.sizeInBytes - body.length) < 64, `${card.content.sizeInBytes} vs ${body.length}`);
    const texts = paragraphs(await documentXml(body)).map((p) => p.text);
    assert.ok(
      texts.some((t) => t.includes(panama.expected['institution.name']!)),
      'the institution as answered',
    );
    assert.ok(
      texts.some((t) => t.includes('Sin enviar (borrador)')),
      'a draft says it is not submitted',
    );
    const fileCard = connector.sent
      .flatMap((c) => c.activity.attachments ?? [])
      .find((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.info');
    assert.equal(fileCard?.contentUrl, 'https://contoso-my.sharepoint.com/personal/Copia.docx');
  });

  it('on decline, or when the upload fails, gives a signed link that serves the same file', async () => {
    const card = await askForCopy();
    const { connector, bot } = running;
    await post(bot.url, consentInvoke(connector.url, 'decline', card.content.acceptContext, ''));
    await connector.waitFor(() => connector.textsTo(CONVERSATION).some((t) => /no la he guardado/.test(t)));
    const declined = connector.textsTo(CONVERSATION).find((t) => /no la he guardado/.test(t))!;
    const url = /\((http[^)]+\/files\?t=[^)]+)\)/.exec(declined)?.[1];
    assert.ok(url, declined);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-disposition') ?? '', /borrador-/);
    const texts = paragraphs(await documentXml(Buffer.from(await res.arrayBuffer()))).map((p) => p.text);
    assert.ok(texts.some((t) => t.includes(panama.expected['institution.name']!)));

    upload.status = 500;
    await post(bot.url, consentInvoke(connector.url, 'accept', card.content.acceptContext, upload.url));
    await connector.waitFor(() => connector.textsTo(CONVERSATION).some((t) => /No pude guardar la copia/.test(t)));
    assert.match(connector.textsTo(CONVERSATION).at(-1)!, /files\?t=/);
  });

  it('a consent answer naming another official’s draft finds nothing', async () => {
    const card = await askForCopy();
    const { connector, bot } = running;
    const other = { ...consentInvoke(connector.url, 'accept', card.content.acceptContext, upload.url) };
    other.from = { id: '29:intruder', aadObjectId: 'aad-intruder', name: 'Intruder' };
    await post(bot.url, other);
    await connector.waitFor(() => connector.sent.some((c) => /ya no está disponible/.test(c.activity.text ?? '')));
    assert.equal(upload.uploads.length, 0);
  });

  it('the review card’s Download button gives the same copy', async () => {
    const card = await askForCopy();
    const { connector, bot } = running;
    const review = await exchange(bot.url, connector, { aad: AAD, text: 'revisar' });
    const actions = connector.sent
      .filter((c) => c.activity.replyToId === review.activity.id)
      .flatMap((c) => c.activity.attachments ?? [])
      .flatMap((a) => (a.content as { actions?: Array<{ title: string; data: unknown }> }).actions ?? []);
    const button = actions.find((a) => a.title === 'Descargar en Word');
    assert.ok(button, JSON.stringify(actions));
    const press = { ...teamsMessage({ serviceUrl: connector.url, aad: AAD, text: '' }), value: button.data };
    assert.equal(await post(bot.url, press), 200);
    await connector.waitFor(() =>
      connector.sent.some(
        (c) =>
          c.activity.replyToId === press.id &&
          (c.activity.attachments ?? []).some(
            (a) =>
              JSON.stringify((a.content as { acceptContext?: unknown }).acceptContext) ===
              JSON.stringify(card.content.acceptContext),
          ),
      ),
    );
  });

  it('outside a personal Teams chat, and in English, the copy is a link', async () => {
    const { connector, bot } = running;
    const asEmulator = { aad: 'aad-emulator', text: 'new', locale: 'en-US' };
    await say(bot.url, connector, asEmulator);
    const message = teamsMessage({ serviceUrl: connector.url, aad: 'aad-emulator', text: 'download', locale: 'en-US' });
    const activity = { ...message, channelId: 'emulator' };
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).length > 0);
    assert.match(connector.seenReplies(activity.id!).join('\n'), /Your Word copy of .*download the file.*15 minutes/s);
  });
});
