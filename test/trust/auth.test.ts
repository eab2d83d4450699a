import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppCredentials, AuthenticationConstants } from 'botframework-connector';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { teamsMessage } from '../support/teams.js';
import { TrustConnector, walk } from './standIn.js';

/*
 * Channel tokens, offline. CloudAdapter (through ConfigurationBotFrameworkAuthentication) validates a channel
 * token against the OpenID document at AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl, read when
 * the adapter is created; ChannelValidation.OpenIdMetadataEndpoint is only used by the older
 * BotFrameworkAdapter. So this test serves an OpenID configuration and a JWKS of its own, points that constant
 * at it while main() builds the adapter, and restores it at once. The bot's own outbound token (to post the
 * reply) would come from login.microsoftonline.com; the SDK's token cache is seeded for the test's app id so
 * the reply can reach the connector stand-in without a network.
 */

const APP_ID = '8e0c6d3a-5b1f-4c2e-9a7d-0f1e2d3c4b5a';
const ISSUER = 'https://api.botframework.com';
const OUTBOUND_TOKEN = 'offline-outbound-token-for-tests';
const OUTBOUND_CACHE_KEY = `${APP_ID}${AuthenticationConstants.ToChannelFromBotOAuthScope}-cache`;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function jwt(key: KeyObject, header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', ...header }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${b64url(signature)}`;
}

/** The Bot Framework's OpenID configuration and signing keys, served locally. */
class KeyServer {
  readonly published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  readonly webchatOnly = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fetches = 0;
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.fetches++;
      const base = this.url;
      if (req.url === '/v1/.well-known/openidconfiguration') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: `${base}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
        return;
      }
      if (req.url === '/v1/keys') {
        const jwk = (k: KeyObject, kid: string, endorsements: string[]) => ({ ...k.export({ format: 'jwk' }), kid, kty: 'RSA', use: 'sig', endorsements });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk(this.published.publicKey, 'published-1', ['msteams', 'webchat']), jwk(this.webchatOnly.publicKey, 'webchat-only', ['webchat'])] }));
        return;
      }
      res.writeHead(404).end();
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

describe('trust: Bot Framework authentication with an app id', function () {
  this.timeout(30_000);
  let keys: KeyServer;
  let connector: TrustConnector;
  let bot: RunningBot;
  let dataDir: string;
  const now = () => Math.floor(Date.now() / 1000);
  /** Claims of a genuine Teams token for this bot and this serviceUrl. */
  const claims = (over: Record<string, unknown> = {}) => ({ iss: ISSUER, aud: APP_ID, serviceurl: connector.url, nbf: now() - 60, iat: now() - 60, exp: now() + 3600, ...over });
  const valid = (over: Record<string, unknown> = {}) => jwt(keys.published.privateKey, { kid: 'published-1' }, claims(over));

  // The SDK prints every refused token (and the public keys) with console.error; kept out of the test output.
  const consoleError = console.error;
  const sdkErrors: unknown[][] = [];

  before(async () => {
    console.error = (...args: unknown[]) => void sdkErrors.push(args);
    keys = await new KeyServer().start();
    connector = await new TrustConnector().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-auth-'));
    const constants = AuthenticationConstants as { ToBotFromChannelOpenIdMetadataUrl: string };
    const original = constants.ToBotFromChannelOpenIdMetadataUrl;
    constants.ToBotFromChannelOpenIdMetadataUrl = `${keys.url}/v1/.well-known/openidconfiguration`;
    try {
      bot = await main({ PORT: '0', DATA_DIR: dataDir, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret' }, pino({ level: 'silent' }));
    } finally {
      constants.ToBotFromChannelOpenIdMetadataUrl = original;
    }
    (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache.set(OUTBOUND_CACHE_KEY, {
      accessToken: OUTBOUND_TOKEN,
      expiresOn: new Date(Date.now() + 3_600_000),
    });
  });

  after(async () => {
    console.error = consoleError;
    (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.delete(OUTBOUND_CACHE_KEY);
    await bot?.close();
    await connector?.stop();
    await keys?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  let seq = 0;
  async function postWith(authorization: string | undefined, o: { aad?: string; channelId?: string } = {}): Promise<{ status: number; id: string }> {
    const activity = { ...teamsMessage({ serviceUrl: connector.url, aad: o.aad ?? `aad-auth-${++seq}`, text: 'nuevo' }), ...(o.channelId ? { channelId: o.channelId } : {}) };
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });
    await res.arrayBuffer();
    return { status: res.status, id: activity.id! };
  }

  async function refused(authorization: string | undefined, o: { channelId?: string } = {}): Promise<void> {
    const before = connector.posted.length;
    const { status } = await postWith(authorization, o);
    assert.equal(status, 401);
    assert.deepEqual(await walk(dataDir), [], 'nothing written to DATA_DIR');
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
      assert.deepEqual(await walk(dataDir), [], 'nothing written to DATA_DIR');
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
    assert.match(reply.text, /borrador nuevo/);
    assert.equal(reply.authorization, `Bearer ${OUTBOUND_TOKEN}`, 'the reply carries the bot’s own token');
    const drafts = await new DraftRepository(LowdbFileStore.reader(dataDir)).listByOwner('aad-auth-valid');
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.cursor.step, 'kind');
  });
});
