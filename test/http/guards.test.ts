import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { isLoopbackUrl } from '../../bot/guards/inbound.js';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say as sayTo } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

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

  const say = (aad: string, text: string, tenant = 'tenant-1') => sayTo(bot!.url, connector, { aad, text, tenant });

  it('refuses politely, and stores nothing for, a tenant that is not allowed', async () => {
    await start({ ALLOWED_TENANTS: 'tenant-1, tenant-2' });
    assert.match(await say('aad-intruder', 'nuevo', 'tenant-evil'), /reservado a las instituciones autorizadas/);
    assert.ok(!(await readdir(dataDir)).includes('drafts'), 'no draft written');
    assert.match(await say('aad-ok', 'nuevo', 'tenant-2'), /¿Qué desea presentar\?/);
  });

  it('slows down an official who floods the bot, with a polite message saying when to go on, and lets others through', async () => {
    await start({ RATE_LIMIT_PER_MINUTE: '5' });
    for (let i = 0; i < 5; i++) assert.doesNotMatch(await say('aad-flood', 'estado'), /Un momento, por favor/);
    assert.match(await say('aad-flood', 'estado'), /Un momento, por favor[^]*Podrá continuar en unos \d+ segundos/);
    assert.doesNotMatch(await say('aad-calm', 'estado'), /Un momento/);
  });

  it('logs one line per turn with a request id, and never an answer, a token or a secret', async () => {
    await start({ MicrosoftAppPassword: 'ignored-without-app-id' });
    await say('aad-log', 'nuevo');
    const seed = panama();
    for (const input of seed.inputs) await say('aad-log', input);
    await say('aad-log', 'enviar');
    const turns = lines
      .map((l) => JSON.parse(l) as { msg: string; requestId?: string })
      .filter((l) => l.msg === 'turn');
    assert.equal(turns.length, seed.inputs.length + 2);
    assert.equal(new Set(turns.map((t) => t.requestId)).size, turns.length, 'a distinct request id per turn');
    const all = lines.join('\n');
    for (const text of Object.values(seed.expected))
      assert.ok(!all.includes(text.slice(0, 40)), `answer leaked into the logs: ${text.slice(0, 40)}`);
    assert.ok(!all.includes('cmontenegro'), 'e-mail leaked');
    assert.ok(!all.includes('ignored-without-app-id'), 'secret leaked');
  });

  describe('without an app id, only loopback service URLs', () => {
    /** A would-be connector on this machine's own network address: reachable, but not loopback. */
    let elsewhere: Server | undefined;
    let elsewhereHits = 0;
    after(async () => {
      await new Promise<void>((ok) => (elsewhere ? elsewhere.close(() => ok()) : ok()));
    });

    const postTo = async (serviceUrl: string) => {
      const activity = teamsMessage({ serviceUrl, aad: 'aad-url', text: 'nuevo' });
      const res = await fetch(`${bot!.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => undefined)) as { error?: string; problems?: string[] } | undefined,
      };
    };

    const refusedUrl = async (serviceUrl: string) => {
      const before = connector.sent.length;
      const res = await postTo(serviceUrl);
      assert.equal(res.status, 400, serviceUrl);
      assert.equal(res.body?.error, 'Invalid activity', serviceUrl);
      assert.match(
        res.body?.problems?.join(' ') ?? '',
        /serviceUrl: without MicrosoftAppId only loopback addresses/,
        serviceUrl,
      );
      assert.equal(connector.sent.length, before, `${serviceUrl}: nothing sent`);
      assert.deepEqual(
        (await readdir(dataDir)).filter((f) => ['drafts', 'profiles', 'settings'].includes(f)),
        [],
        `${serviceUrl}: nothing stored`,
      );
    };

    it('a serviceUrl elsewhere gets 400 naming the rule; nothing is stored or sent', async () => {
      await start({});
      for (const url of [
        'https://smba.trafficmanager.net/amer/',
        'http://10.0.0.5:3978/',
        'http://127.0.0.1.nip.io/',
        'http://localhost.evil.example/',
        'http://127.0.0.1@evil.example/',
        'http://[fd00::2]:3978/',
      ])
        await refusedUrl(url);
    });

    it('a reachable host on this machine that is not loopback receives nothing', async function () {
      const address = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (!address) this.skip();
      elsewhere = createServer((_req, res) => {
        elsewhereHits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"1"}');
      });
      await new Promise<void>((ok) => elsewhere!.listen(0, address, ok));
      await start({});
      // The bot answers a message only after its replies went out, so a reply would have arrived by now.
      await refusedUrl(`http://${address}:${(elsewhere.address() as AddressInfo).port}/`);
      assert.equal(elsewhereHits, 0, 'no reply was posted to the non-loopback host');
    });

    it('loopback service URLs work as before, localhost included (the Agents Playground uses it)', async () => {
      await start({});
      assert.match(await say('aad-loop', 'nuevo'), /¿Qué desea presentar\?/);
      const before = connector.sent.length;
      const viaName = connector.url.replace('127.0.0.1', 'localhost');
      assert.equal((await postTo(viaName)).status, 200);
      await connector.waitFor(() => connector.sent.length > before);
    });

    it('which URLs count as loopback', () => {
      const table: [string, boolean][] = [
        ['http://127.0.0.1:3978/', true],
        ['https://127.4.5.6/', true],
        ['http://localhost:56150/', true],
        ['http://LOCALHOST/', true],
        ['http://[::1]:3978/', true],
        ['http://[0:0:0:0:0:0:0:1]/', true],
        ['http://0x7f.1/', true], // the URL parser reads it as 127.0.0.1
        ['http://localhost.evil.example/', false],
        ['http://127.0.0.1.nip.io/', false],
        ['http://127.0.0.1@evil.example/', false],
        ['http://128.0.0.1/', false],
        ['http://[::ffff:127.0.0.1]/', false],
        ['ftp://127.0.0.1/', false],
        ['not a url', false],
        ['', false],
      ];
      for (const [url, loopback] of table) assert.equal(isLoopbackUrl(url), loopback, url);
      assert.equal(isLoopbackUrl(undefined), false);
    });
  });

  describe('reviewer rights come from the Secretariat’s channel or the named list, never from a personal chat’s channelData', () => {
    const TEAM = '19:secretariat@thread.tacv2';
    const NAMED = 'aad-named-reviewer';

    /** A message, or a card button press, from a conversation of the given kind, claiming the Secretariat's team. */
    const from = async (
      aad: string,
      kind: 'personal' | 'groupChat' | 'channel',
      options: { text?: string; value?: object } = {},
    ) => {
      const activity = teamsMessage({ serviceUrl: connector.url, aad, text: options.text ?? '' });
      if (options.value) {
        delete activity.text;
        activity.value = options.value;
      }
      activity.channelData = { team: { id: TEAM }, tenant: { id: 'tenant-1' } };
      if (kind === 'channel')
        activity.conversation = {
          id: `${TEAM};messageid=1`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant-1',
          name: '',
        };
      if (kind === 'groupChat')
        activity.conversation = {
          id: `19:group-${aad}@thread.v2`,
          conversationType: 'groupChat',
          isGroup: true,
          tenantId: 'tenant-1',
          name: '',
        };
      const convo = activity.conversation!.id;
      const before = connector.textsTo(convo).length;
      assert.equal(await post(bot!.url, activity), 200);
      await connector.waitFor(() => connector.textsTo(convo).length > before);
      return connector.textsTo(convo).at(-1)!;
    };

    it('a team id written into a personal or group chat’s channelData gives no reviewer command and no review button', async () => {
      await start({ SECRETARIAT_TEAM_ID: TEAM, SECRETARIAT_REVIEWERS: NAMED });
      for (const kind of ['personal', 'groupChat'] as const) {
        const listed = await from(`aad-forger-${kind}`, kind, { text: 'lista tema 12' });
        assert.doesNotMatch(listed, /prácticas:/, `${kind}: no reviewer command`);
        const pressed = await from(`aad-forger-${kind}`, kind, {
          value: { mesicic: 'review', decision: 'accept', reference: 'MESICIC-BP-2026-0001' },
        });
        assert.match(pressed, /Solo las personas revisoras/, `${kind}: the review button is refused`);
      }
      assert.match(
        await from('aad-forger-personal', 'personal', { text: 'lista tema 12' }),
        /Soy el asistente del MESICIC/,
        'the words go to the form',
      );
    });

    it('a member writing in the Secretariat’s channel, and a named reviewer anywhere, are reviewers', async () => {
      await start({ SECRETARIAT_TEAM_ID: TEAM, SECRETARIAT_REVIEWERS: NAMED });
      assert.match(await from('aad-member', 'channel', { text: '<at>MESICIC</at> lista tema 12' }), /^0 prácticas:$/);
      assert.match(await from(NAMED, 'personal', { text: 'lista tema 12' }), /^0 prácticas:$/);
    });
  });
});
