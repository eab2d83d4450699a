import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { post, teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';

describe('HTTP: guards and logs', function () {
  this.timeout(60_000);
  let connector: ConnectorStandIn;
  let bot: RunningBot | undefined;
  let dataDir: string;
  let lines: string[];

  async function start(env: Record<string, string>) {
    lines = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    bot = await main({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }, pino({ level: 'info' }, sink));
  }

  beforeEach(async () => {
    connector = await new ConnectorStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-guards-'));
  });

  afterEach(async () => {
    await bot?.close();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const say = async (aad: string, text: string, tenant = 'tenant-1') => {
    const before = connector.sent.length;
    const activity = teamsMessage({ serviceUrl: connector.url, aad, text });
    activity.channelData = { tenant: { id: tenant } };
    activity.conversation = { ...activity.conversation!, tenantId: tenant };
    assert.equal(await post(bot!.url, activity), 200);
    await connector.waitFor(() => connector.sent.length > before);
    return visibleText(connector.sent[connector.sent.length - 1]!.activity);
  };

  it('refuses politely, and stores nothing for, a tenant that is not allowed', async () => {
    await start({ ALLOWED_TENANTS: 'tenant-1, tenant-2' });
    assert.match(await say('aad-intruder', 'nuevo', 'tenant-evil'), /reservado a las instituciones autorizadas/);
    assert.ok(!(await readdir(dataDir)).includes('drafts'), 'no draft written');
    assert.match(await say('aad-ok', 'nuevo', 'tenant-2'), /¿Qué desea presentar\?/);
  });

  it('slows down an official who floods the bot, with a polite message, and lets others through', async () => {
    await start({ RATE_LIMIT_PER_MINUTE: '5' });
    for (let i = 0; i < 5; i++) assert.doesNotMatch(await say('aad-flood', 'estado'), /Un momento, por favor/);
    assert.match(await say('aad-flood', 'estado'), /Un momento, por favor/);
    assert.doesNotMatch(await say('aad-calm', 'estado'), /Un momento/);
  });

  it('logs one line per turn with a request id, and never an answer, a token or a secret', async () => {
    await start({ MicrosoftAppPassword: 'ignored-without-app-id' });
    await say('aad-log', 'nuevo');
    const seed = panama();
    for (const input of seed.inputs) await say('aad-log', input);
    await say('aad-log', 'enviar');
    const turns = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string }).filter((l) => l.msg === 'turn');
    assert.equal(turns.length, seed.inputs.length + 2);
    assert.equal(new Set(turns.map((t) => t.requestId)).size, turns.length, 'a distinct request id per turn');
    const all = lines.join('\n');
    for (const text of Object.values(seed.expected)) assert.ok(!all.includes(text.slice(0, 40)), `answer leaked into the logs: ${text.slice(0, 40)}`);
    assert.ok(!all.includes('cmontenegro'), 'e-mail leaked');
    assert.ok(!all.includes('ignored-without-app-id'), 'secret leaked');
  });
});
