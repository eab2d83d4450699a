import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { post, teamsMessage } from '../support/teams.js';
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
      { PORT: '0', DATA_DIR: dataDir, TAB_SSO_AUDIENCE: AUDIENCE, TAB_OPENID_CONFIG_URL: idp.configUrl, SECRETARIAT_REVIEWERS: REVIEWER, ALLOWED_TENANTS: TENANT },
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

    const say = async (text: string) => {
      const activity = teamsMessage({ serviceUrl: connector.url, aad: ALICE, text });
      activity.channelData = { tenant: { id: TENANT } };
      const before = connector.sent.length;
      await post(bot.url, activity);
      await connector.waitFor(() => connector.sent.length > before);
    };
    await say('nuevo');
    for (const input of panama().inputs) await say(input);
    await say('enviar');

    const list = async (oid: string) => {
      const res = await fetch(`${bot.url}/api/tab/practices`, { headers: { authorization: `Bearer ${await idp.token(oid)}` } });
      assert.equal(res.status, 200);
      return JSON.stringify(await res.json());
    };
    assert.match(await list(REVIEWER), /MESICIC-BP-\d{4}-0001/);
    assert.match(await list(ALICE), /MESICIC-BP-\d{4}-0001/);
    assert.doesNotMatch(await list('aaaaaaaa-0000-4000-8000-0000000000ff'), /MESICIC-BP/);
    assert.equal((await fetch(`${bot.url}/api/tab/practices`)).status, 401);
  });
});
