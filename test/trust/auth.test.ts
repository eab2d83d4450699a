import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppCredentials, AuthenticationConstants } from 'botframework-connector';
import pino from 'pino';
import { CANNOT_VERIFY, createAdapter, REFUSED } from '../../bot/adapter.js';
import { loadConfig } from '../../bot/config.js';
import { main, type RunningBot } from '../../bot/index.js';
import { createServer as createBotServer } from '../../bot/server.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { teamsMessage } from '../support/teams.js';
import { TrustConnector, seen, walk } from './standIn.js';

/*
 * Channel tokens, offline. CloudAdapter (through ConfigurationBotFrameworkAuthentication) validates a channel
 * token against the OpenID document at ToBotFromChannelOpenIdMetadataUrl (Emulator tokens: at
 * ToBotFromEmulatorOpenIdMetadataUrl), which the bot takes from its environment. So these tests serve an OpenID
 * configuration and a JWKS of their own, or point those variables where nothing answers. The bot's own outbound
 * token (to post the reply) would come from login.microsoftonline.com; the SDK's token cache is seeded for the
 * test's app id so the reply can reach the connector stand-in without a network.
 */

const APP_ID = '8e0c6d3a-5b1f-4c2e-9a7d-0f1e2d3c4b5a';
const ISSUER = 'https://api.botframework.com';
/** One of the issuers the SDK takes for the Bot Framework Emulator's tokens. */
const EMULATOR_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';
const OUTBOUND_TOKEN = 'offline-outbound-token-for-tests';
const OUTBOUND_CACHE_KEY = `${APP_ID}${AuthenticationConstants.ToChannelFromBotOAuthScope}-cache`;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function jwt(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', ...header }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${b64url(signature)}`;
}

/**
 * The Bot Framework's OpenID configuration and signing keys, served locally. `outage` breaks them: the
 * connection reset before any answer ('reset'), the configuration answering 503, or the keys answering 500
 * ('keys500') or reset ('keysReset').
 */
class KeyServer {
  readonly published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly webchatOnly = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fetches = 0;
  outage: 'reset' | 'config503' | 'keys500' | 'keysReset' | undefined;
  private server: Server | undefined;
  url = '';

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetches++;
      const base = this.url;
      const isConfig = req.url === '/v1/.well-known/openidconfiguration';
      if (this.outage === 'reset' || (this.outage === 'keysReset' && !isConfig)) {
        req.socket.destroy();
        return;
      }
      if ((this.outage === 'config503' && isConfig) || (this.outage === 'keys500' && !isConfig)) {
        // Two calls: restify, loaded in this process, patches writeHead so that it no longer returns the response.
        res.writeHead(this.outage === 'config503' ? 503 : 500);
        res.end('down for maintenance at 10.1.2.3');
        return;
      }
      if (isConfig) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            issuer: ISSUER,
            jwks_uri: `${base}/v1/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
        return;
      }
      if (req.url === '/v1/keys') {
        const jwk = (k: KeyObject, kid: string, endorsements: string[]) => ({
          ...k.export({ format: 'jwk' }),
          kid,
          kty: 'RSA',
          use: 'sig',
          endorsements,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            keys: [
              jwk(this.published.publicKey, 'published-1', ['msteams', 'webchat']),
              jwk(this.webchatOnly.publicKey, 'webchat-only', ['webchat']),
            ],
          }),
        );
        return;
      }
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}

/** An address where nothing listens: a port this machine just gave up. */
async function deadUrl(path: string): Promise<string> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((ok) => probe.close(() => ok()));
  return `http://127.0.0.1:${port}${path}`;
}

/** Text of a body that must be fixed: nothing of the error behind it (hosts, ports, fetch or SDK wording). */
const LEAKS = /127\.0\.0\.1|10\.1\.2\.3|ECONN|hang up|request to|maintenance|Failed to load|\.well-known| {4}at /i;

function seedOutboundToken(): void {
  (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache.set(
    OUTBOUND_CACHE_KEY,
    {
      accessToken: OUTBOUND_TOKEN,
      expiresOn: new Date(Date.now() + 3_600_000),
    },
  );
}

const dropOutboundToken = () =>
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.delete(OUTBOUND_CACHE_KEY);

let seq = 0;
async function postActivity(
  botUrl: string,
  serviceUrl: string,
  authorization: string | undefined,
  options: { aad?: string; channelId?: string } = {},
) {
  const activity = {
    ...teamsMessage({ serviceUrl, aad: options.aad ?? `aad-auth-${++seq}`, text: 'nuevo' }),
    ...(options.channelId ? { channelId: options.channelId } : {}),
  };
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text(), headers: res.headers, id: activity.id! };
}

describe('trust: Bot Framework authentication with an app id', function () {
  this.timeout(30_000);
  let keys: KeyServer;
  let connector: TrustConnector;
  let bot: RunningBot;
  let dataDir: string;
  const now = () => Math.floor(Date.now() / 1000);
  /** Claims of a genuine Teams token for this bot and this serviceUrl. */
  const claims = (over: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: connector.url,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...over,
  });
  const valid = (over: Record<string, unknown> = {}) =>
    jwt(keys.published.privateKey, { kid: 'published-1' }, claims(over));

  // The SDK prints every refused token (and the public keys) with console.error; kept out of the test output.
  const consoleError = console.error;
  const sdkErrors: unknown[][] = [];

  before(async () => {
    console.error = (...args: unknown[]) => void sdkErrors.push(args);
    keys = await new KeyServer().start();
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-auth-'));
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
      },
      pino({ level: 'silent' }),
    );
    seedOutboundToken();
    atStart = await walk(dataDir);
  });

  after(async () => {
    console.error = consoleError;
    dropOutboundToken();
    await bot?.close();
    await connector?.stop();
    await keys?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** DATA_DIR as the bot left it on start (its lock, if any): a refused request must leave it so. */
  let atStart: string[] = [];
  const postWith = (authorization: string | undefined, options: { aad?: string; channelId?: string } = {}) =>
    postActivity(bot.url, connector.url, authorization, options);

  async function refused(authorization: string | undefined, options: { channelId?: string } = {}): Promise<void> {
    const before = connector.posted.length;
    const { status, body, headers } = await postWith(authorization, options);
    assert.equal(status, 401);
    assert.deepEqual(JSON.parse(body), REFUSED, 'a fixed body, none of the SDK’s reasons');
    assert.equal(headers.get('www-authenticate'), 'Bearer');
    assert.deepEqual(await walk(dataDir), atStart, 'nothing written to DATA_DIR');
    assert.equal(connector.posted.length, before, 'nothing sent to the channel');
  }

  it('(a) no Authorization header: 401, nothing stored', async () => {
    await refused(undefined);
  });

  it('(a) an empty or non-Bearer Authorization header: 401, nothing stored', async () => {
    await refused('');
    await refused(`Basic ${b64url('user:pass')}`);
    await refused('Bearer not-a-jwt');
  });

  it('(b) a token signed by an unpublished key under its own key id: 401, nothing stored', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await refused(`Bearer ${jwt(stranger.privateKey, { kid: 'not-published' }, claims())}`);
  });

  it('(b) a token signed by an unpublished key but claiming the published key id: 401, nothing stored', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await refused(`Bearer ${jwt(stranger.privateKey, { kid: 'published-1' }, claims())}`);
  });

  it('(b) a forged token claiming the published key id is refused and stores nothing (whatever the status)', async () => {
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const unsigned = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'none', kid: 'published-1' }))}.${b64url(JSON.stringify(claims()))}.`;
    for (const token of [jwt(stranger.privateKey, { kid: 'published-1' }, claims()), unsigned]) {
      const { status } = await postWith(`Bearer ${token}`);
      assert.ok(status >= 400, `status ${status}`);
      assert.deepEqual(await walk(dataDir), atStart, 'nothing written to DATA_DIR');
    }
  });

  it('(c) an expired token: 401, nothing stored', async () => {
    await refused(`Bearer ${valid({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`);
  });

  it('(d) a token for another audience: 401, nothing stored', async () => {
    await refused(`Bearer ${valid({ aud: '00000000-1111-2222-3333-444444444444' })}`);
  });

  it('a token from another issuer, for another serviceUrl, or from a key not endorsed for Teams: 401, nothing stored', async () => {
    await refused(`Bearer ${valid({ iss: 'https://login.example.com' })}`);
    await refused(`Bearer ${valid({ serviceurl: 'https://smba.trafficmanager.net/evil/' })}`);
    await refused(`Bearer ${jwt(keys.webchatOnly.privateKey, { kid: 'webchat-only' }, claims())}`);
  });

  it('(e) a valid Teams token is accepted: 200, the draft is stored and the reply goes out', async () => {
    const { status, id } = await postWith(`Bearer ${valid()}`, { aad: 'aad-auth-valid' });
    assert.equal(status, 200);
    assert.ok(keys.fetches >= 2, 'the keys came from the local OpenID server');
    const reply = connector.repliesTo(id)[0];
    assert.ok(reply, 'the reply reached the connector');
    assert.match(seen(reply), /borrador nuevo/);
    assert.equal(reply.authorization, `Bearer ${OUTBOUND_TOKEN}`, 'the reply carries the bot’s own token');
    const drafts = await new DraftRepository(LowdbFileStore.reader(dataDir)).listByOwner('aad-auth-valid');
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.cursor.step, 'kind');
  });
});

describe('trust: the identity provider out of reach (app id set)', function () {
  this.timeout(30_000);
  let keys: KeyServer;
  let connector: TrustConnector;
  let bot: RunningBot;
  let dataDir: string;
  let atStart: string[];
  const now = () => Math.floor(Date.now() / 1000);
  const token = (over: Record<string, unknown> = {}) =>
    jwt(
      keys.published.privateKey,
      { kid: 'published-1' },
      {
        iss: ISSUER,
        aud: APP_ID,
        serviceurl: connector.url,
        nbf: now() - 60,
        iat: now() - 60,
        exp: now() + 3600,
        ...over,
      },
    );
  const emulatorToken = () => token({ iss: EMULATOR_ISSUER, ver: '1.0', appid: APP_ID, serviceurl: undefined });

  const consoleError = console.error;
  before(async () => {
    console.error = () => undefined;
    keys = await new KeyServer().start();
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-idp-'));
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        ToBotFromChannelOpenIdMetadataUrl: keys.metadataUrl,
        // Emulator tokens are checked against another document; here, at an address where nothing listens.
        ToBotFromEmulatorOpenIdMetadataUrl: await deadUrl('/v1/.well-known/openidconfiguration'),
      },
      pino({ level: 'silent' }),
    );
    seedOutboundToken();
    atStart = await walk(dataDir);
  });

  after(async () => {
    console.error = consoleError;
    dropOutboundToken();
    await bot?.close();
    await connector?.stop();
    await keys?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function cannotVerify(authorization: string, why: string): Promise<void> {
    const before = connector.posted.length;
    const res = await postActivity(bot.url, connector.url, authorization);
    assert.equal(res.status, 503, `${why}: status`);
    assert.deepEqual(JSON.parse(res.body), CANNOT_VERIFY, `${why}: a fixed body`);
    assert.doesNotMatch(res.body, LEAKS, `${why}: no internal text`);
    assert.equal(res.headers.get('retry-after'), '30', `${why}: Retry-After`);
    assert.deepEqual(await walk(dataDir), atStart, `${why}: nothing written to DATA_DIR`);
    assert.equal(connector.posted.length, before, `${why}: nothing sent to the channel`);
  }

  const steps: { outage: KeyServer['outage']; why: string }[] = [
    { outage: 'reset', why: 'the OpenID configuration’s connection is reset' },
    { outage: 'config503', why: 'the OpenID configuration answers 503' },
    { outage: 'keysReset', why: 'the signing keys’ connection is reset' },
    { outage: 'keys500', why: 'the signing keys answer 500' },
  ];

  it('a well-formed Teams token while the keys cannot be fetched: 503 with a fixed body and Retry-After, nothing stored or sent', async () => {
    for (const { outage, why } of steps) {
      keys.outage = outage;
      await cannotVerify(`Bearer ${token()}`, why);
    }
  });

  it('an Emulator-issued token while its metadata address does not answer at all: 503 likewise', async () => {
    keys.outage = undefined;
    await cannotVerify(`Bearer ${emulatorToken()}`, 'nothing listens at the Emulator’s metadata address');
  });

  it('tokens the bot can refuse without the keys still get 401', async () => {
    keys.outage = 'reset';
    for (const authorization of [
      undefined,
      'Bearer not-a-jwt',
      `Bearer ${token({ iss: 'https://login.example.com' })}`,
    ]) {
      const res = await postActivity(bot.url, connector.url, authorization);
      assert.equal(res.status, 401, String(authorization));
      assert.deepEqual(JSON.parse(res.body), REFUSED);
    }
  });

  it('once the keys are back, the same kind of token is accepted without a restart', async () => {
    keys.outage = undefined;
    const res = await postActivity(bot.url, connector.url, `Bearer ${token()}`, { aad: 'aad-after-outage' });
    assert.equal(res.status, 200);
    const reply = connector.repliesTo(res.id)[0];
    assert.match(reply ? seen(reply) : '', /borrador nuevo/);
  });
});

describe('trust: refusals on /api/messages are logged in one short line', function () {
  this.timeout(30_000);
  let hang: Server;
  let server: ReturnType<typeof createBotServer>;
  let url: string;
  let turns = 0;
  const lines: string[] = [];
  const signer = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = () => Math.floor(Date.now() / 1000);
  const token = jwt(
    signer.privateKey,
    { kid: 'some-key' },
    { iss: ISSUER, aud: APP_ID, serviceurl: 'http://127.0.0.1:9/', nbf: now() - 60, exp: now() + 3600 },
  );

  async function start(channelMetadata: string, verifyTimeoutMs: number): Promise<void> {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const config = loadConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      ToBotFromChannelOpenIdMetadataUrl: channelMetadata,
    });
    const adapter = createAdapter(config, { logger: pino({ level: 'info' }, sink), verifyTimeoutMs });
    server = createBotServer({ adapter, run: async () => void turns++, health: async () => ({ problems: [] }) });
    await new Promise<void>((ok) => {
      server.listen(0, '127.0.0.1', ok);
    });
    url = `http://127.0.0.1:${server.address().port}`;
  }

  before(async () => {
    // Takes the connection and never answers: an identity provider that is black-holed rather than down.
    hang = createServer(() => undefined);
    await new Promise<void>((ok) => hang.listen(0, '127.0.0.1', ok));
  });

  afterEach(async () => {
    await new Promise<void>((ok) => {
      server.close(() => ok());
    });
    lines.length = 0;
  });

  after(async () => {
    hang.closeAllConnections();
    await new Promise<void>((ok) => hang.close(() => ok()));
  });

  async function post(): Promise<{ status: number; body: string; retryAfter: string | null }> {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(teamsMessage({ serviceUrl: 'http://127.0.0.1:9/', aad: 'aad-log', text: 'nuevo' })),
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
  }

  function theLine(): { msg: string; err?: { name?: string }; [k: string]: unknown } {
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string });
    const refusals = parsed.filter((l) => /cannot verify|refused/.test(l.msg));
    assert.equal(refusals.length, 1, lines.join('\n'));
    const all = lines.join('\n');
    assert.ok(!all.includes(token) && !all.includes(token.split('.')[2]!), 'the token is not logged');
    assert.doesNotMatch(all, LEAKS, 'no host, port or fetch message in the log');
    return refusals[0]!;
  }

  it('nothing listening at the metadata address: 503, and the log names the error only', async () => {
    await start(await deadUrl('/v1/.well-known/openidconfiguration'), 10_000);
    const res = await post();
    assert.equal(res.status, 503);
    assert.deepEqual(JSON.parse(res.body), CANNOT_VERIFY);
    assert.equal(res.retryAfter, '30');
    const line = theLine();
    assert.deepEqual(line.err, { name: 'FetchError' });
    assert.equal(turns, 0, 'the bot never ran');
  });

  it('a metadata address that takes the connection and never answers: 503 once the verification time is up', async () => {
    await start(`http://127.0.0.1:${(hang.address() as AddressInfo).port}/v1/.well-known/openidconfiguration`, 300);
    const res = await post();
    assert.equal(res.status, 503);
    assert.deepEqual(JSON.parse(res.body), CANNOT_VERIFY);
    assert.deepEqual(theLine().err, { name: 'VerifyTimeout' });
    assert.equal(turns, 0);
  });
});
