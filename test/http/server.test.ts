import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningBot } from '../../bot/index.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import type { ConnectorStandIn } from '../support/connector.js';
import { startBot, type Running } from '../support/running.js';
import { say as sayTo } from '../support/say.js';

const CHANNEL = '19:secretariat@thread.tacv2';

describe('HTTP: the real server on /api/messages', function () {
  this.timeout(60_000);
  let running: Running;
  let connector: ConnectorStandIn;
  let bot: RunningBot;
  let dataDir: string;

  beforeEach(async () => {
    running = await startBot((url) => ({ SECRETARIAT_CHANNEL_ID: CHANNEL, SECRETARIAT_SERVICE_URL: url }));
    ({ connector, bot, dataDir } = running);
  });

  afterEach(async () => running.stop());

  const say = (aad: string, text: string) => sayTo(bot.url, connector, { aad, text });

  it('answers the health check', async () => {
    const res = await fetch(`${bot.url}/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', problems: [], outboxPending: 0, channelKnown: true });
  });

  it('takes a full submission from Teams-shaped activities, stores it, and notifies the Secretariat channel', async () => {
    assert.match(await say('aad-http-1', 'nuevo'), /¿Qué desea presentar\?/);
    for (const input of panama().inputs) assert.doesNotMatch(await say('aad-http-1', input), /Inténtelo de nuevo/);
    const receipt = await say('aad-http-1', 'enviar');
    const reference = /MESICIC-BP-\d{4}-0001/.exec(receipt)?.[0];
    assert.ok(reference, receipt);

    await connector.waitFor(() => connector.textsTo(CHANNEL).length === 1);
    const notice = connector.textsTo(CHANNEL)[0]!;
    assert.match(notice, new RegExp(reference));
    assert.match(notice, /Estado Parte: Panamá/);
    assert.match(notice, /Institución: Autoridad Nacional de Transparencia/);
    assert.match(notice, /III\.11/);
    assert.match(notice, /Presentada por: Funcionaria/);

    // On disk, in the data folder, before anything else: read it back with a fresh store.
    const record = await new PracticeRepository(LowdbFileStore.reader(dataDir)).get(reference);
    assert.equal(record?.submittedBy.id, 'aad-http-1');
    assert.equal(
      record?.answers['documents.text']?.text,
      'www.academia.antai.gob.pa registrarse y sección cursos disponibles.',
    );
    // Every document reads back, and once the bot has stopped every one is a plain file that parses.
    const store = LowdbFileStore.reader(dataDir);
    const folders = ['drafts/aad-http-1', 'practices', 'outbox-delivered'];
    for (const dir of folders)
      for (const key of await store.list(dir)) assert.ok(await store.read(`${dir}/${key}`), `${dir}/${key}`);
    await bot.close();
    for (const dir of folders) {
      const files = await readdir(join(dataDir, dir));
      assert.ok(files.length > 0, dir);
      for (const f of files) JSON.parse(await readFile(join(dataDir, dir, f), 'utf8'));
    }
  });

  it('keeps the notification in the outbox through 412, 500 and 429 with Retry-After, then delivers it once', async () => {
    // The SDK's HTTP client retries inside one delivery, the outbox across passes; together they must deliver once.
    connector.failNext(CHANNEL, { status: 412 }, { status: 500 }, { status: 429, headers: { 'Retry-After': '1' } });
    await say('aad-http-2', 'nuevo');
    for (const input of panama().inputs) await say('aad-http-2', input);
    const started = Date.now();
    const receipt = await say('aad-http-2', 'enviar');
    assert.match(receipt, /MESICIC-BP-\d{4}-0001/, 'the official gets the receipt even while the channel fails');

    await connector.waitFor(() => connector.textsTo(CHANNEL).length === 1);
    assert.ok(Date.now() - started >= 1000, 'waited as long as Retry-After asked');
    assert.equal(connector.attempts.get(CHANNEL), 4);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(connector.textsTo(CHANNEL).length, 1, 'delivered once');
    // Read as another process would: the bot's latest changes may still be in its journal.
    const store = LowdbFileStore.reader(dataDir);
    // The Secretariat's notification; the official's "it has reached the Secretariat" notice is the other one.
    const delivered = (await store.list('outbox-delivered')).filter((id) => id.startsWith('notify-'));
    assert.equal(delivered.length, 1);
    const log = await store.read<{ attempts: number }>(`outbox-delivered/${delivered[0]!}`);
    assert.ok(log!.value.attempts >= 1);
    assert.deepEqual(await store.list('outbox'), []);
  });
});
