import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say as sayTo } from '../support/say.js';
import { ALICE, AUDIENCE, REVIEWER, TENANT, startIdp, type Idp } from '../tab/fixtures.js';

describe('HTTP: the tab on the real server (composition root)', function () {
  this.timeout(60_000);
  let idp: Idp;
  let connector: ConnectorStandIn;
  let bot: RunningBot;
  let dataDir: string;

  before(async () => {
    idp = await startIdp();
    connector = await new ConnectorStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-tabhttp-'));
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        TAB_SSO_AUDIENCE: AUDIENCE,
        TAB_OPENID_CONFIG_URL: idp.configUrl,
        SECRETARIAT_REVIEWERS: REVIEWER,
        ALLOWED_TENANTS: TENANT,
      },
      pino({ level: 'silent' }),
    );
  });

  after(async () => {
    await bot.close();
    await connector.stop();
    await idp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the page, and the API shows a practice submitted through the bot to reviewers and its owner only', async () => {
    const page = await fetch(`${bot.url}/tab`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);

    const say = (text: string) => sayTo(bot.url, connector, { aad: ALICE, text, tenant: TENANT });
    await say('nuevo');
    for (const input of panama().inputs) await say(input);
    await say('enviar');

    const list = async (oid: string) => {
      const res = await fetch(`${bot.url}/api/tab/practices`, {
        headers: { authorization: `Bearer ${await idp.token(oid)}` },
      });
      assert.equal(res.status, 200);
      return JSON.stringify(await res.json());
    };
    assert.match(await list(REVIEWER), /MESICIC-BP-\d{4}-0001/);
    assert.match(await list(ALICE), /MESICIC-BP-\d{4}-0001/);
    assert.doesNotMatch(await list('aaaaaaaa-0000-4000-8000-0000000000ff'), /MESICIC-BP/);
    assert.equal((await fetch(`${bot.url}/api/tab/practices`)).status, 401);
  });
});

describe('HTTP: the tab while Azure AD cannot be reached', function () {
  this.timeout(60_000);
  type Outage = 'configReset' | 'config503' | 'keysReset' | 'keys500' | 'keysNotJson' | undefined;
  let idp: Idp;
  let azure: Server;
  let outage: Outage;
  let configUrl: string;
  let bot: RunningBot;
  let dataDir: string;
  const lines: string[] = [];

  /**
   * Azure AD as the bot sees it: the stand-in's configuration and keys, passed through a server that can break
   * either of them (connection reset, an error status, a key set that is not JSON).
   */
  async function startAzure(): Promise<void> {
    const config = (await (await fetch(idp.configUrl)).json()) as { jwks_uri: string; issuer: string };
    const keys = await (await fetch(config.jwks_uri)).text();
    azure = createServer((req, res) => {
      const isConfig = req.url === '/config';
      const answer = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      };
      if ((outage === 'configReset' && isConfig) || (outage === 'keysReset' && !isConfig)) req.socket.destroy();
      else if (outage === 'config503' && isConfig) answer(503, 'maintenance at 10.1.2.3');
      else if (outage === 'keys500' && !isConfig) answer(500, 'maintenance at 10.1.2.3');
      else if (outage === 'keysNotJson' && !isConfig) answer(200, '<html>maintenance at 10.1.2.3</html>');
      else if (isConfig) answer(200, JSON.stringify({ ...config, jwks_uri: `${base}/keys` }));
      else answer(200, keys);
    });
    await new Promise<void>((ok) => azure.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(azure.address() as AddressInfo).port}`;
    configUrl = `${base}/config`;
  }

  const logTo = () =>
    pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      }),
    );

  before(async () => {
    idp = await startIdp();
    await startAzure();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-tabidp-'));
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        TAB_SSO_AUDIENCE: AUDIENCE,
        TAB_OPENID_CONFIG_URL: configUrl,
        ALLOWED_TENANTS: TENANT,
      },
      logTo(),
    );
  });

  after(async () => {
    await bot?.close();
    azure?.closeAllConnections();
    await new Promise<void>((ok) => (azure ? azure.close(() => ok()) : ok()));
    await idp?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const me = async (url: string, authorization?: string) => {
    const res = await fetch(`${url}/api/tab/me`, { headers: authorization ? { authorization } : {} });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
  };

  /** In a body: nothing of the failure. In the log: its kind (an error's name), never hosts, ports or what they answered. */
  const LEAKS = /127\.0\.0\.1|10\.1\.2\.3|maintenance|fetch|ECONN|socket|TypeError| {4}at /i;
  const LOG_LEAKS = /127\.0\.0\.1|10\.1\.2\.3|maintenance|ECONN| {4}at /i;

  async function cannotVerify(url: string, why: string): Promise<void> {
    const token = await idp.token(ALICE);
    const res = await me(url, `Bearer ${token}`);
    assert.equal(res.status, 503, `${why}: status`);
    assert.deepEqual(JSON.parse(res.body), { error: 'unavailable' }, `${why}: body`);
    assert.doesNotMatch(res.body, LEAKS, `${why}: no internal text`);
    assert.equal(res.retryAfter, '30', `${why}: Retry-After`);
    assert.ok(!lines.join('\n').includes(token.split('.')[2]!), `${why}: the token is not logged`);
  }

  it('configuration or keys out of reach: 503 with a fixed body, for each way of failing; the page’s caller is not told to sign in again', async () => {
    // No token at all needs no keys: still 401.
    outage = 'configReset';
    assert.equal((await me(bot.url)).status, 401);
    const steps: [Outage, string][] = [
      ['configReset', 'the configuration’s connection is reset'],
      ['config503', 'the configuration answers 503'],
      ['keysReset', 'the keys’ connection is reset'],
      ['keys500', 'the keys answer 500'],
      ['keysNotJson', 'the keys are not JSON'],
    ];
    for (const [o, why] of steps) {
      outage = o;
      await cannotVerify(bot.url, why);
    }
    const warnings = lines
      .map((l) => JSON.parse(l) as { msg: string; reason?: string })
      .filter((l) => l.msg === 'tab cannot verify the caller');
    assert.equal(warnings.length, steps.length, 'one line per refusal');
    for (const w of warnings) assert.doesNotMatch(w.reason ?? '', LOG_LEAKS, `logged reason: ${w.reason}`);
  });

  it('once Azure AD answers again, the same caller gets in without a restart', async () => {
    outage = undefined;
    const res = await me(bot.url, `Bearer ${await idp.token(ALICE)}`);
    assert.equal(res.status, 200);
    assert.equal((JSON.parse(res.body) as { aadObjectId: string }).aadObjectId, ALICE);
  });

  it('a configuration address where nothing listens: 503 likewise', async () => {
    const probe = createServer();
    await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
    const dead = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/config`;
    await new Promise<void>((ok) => probe.close(() => ok()));
    const otherDir = await mkdtemp(join(tmpdir(), 'mesicic-tabdead-'));
    const other = await main(
      {
        PORT: '0',
        DATA_DIR: otherDir,
        TAB_SSO_AUDIENCE: AUDIENCE,
        TAB_OPENID_CONFIG_URL: dead,
        ALLOWED_TENANTS: TENANT,
      },
      logTo(),
    );
    try {
      await cannotVerify(other.url, 'nothing listens at the configuration address');
    } finally {
      await other.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
