import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { panama } from '../fixtures/seeds.js';
import type { ConnectorStandIn } from '../support/connector.js';
import { startBot, type Running } from '../support/running.js';
import { say as sayTo } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

const TEAM = '19:secretariat-team@thread.tacv2';

function installed(
  serviceUrl: string,
  conversation: Partial<Activity['conversation']>,
  channelData: object,
): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    id: `cu-${Math.random()}`,
    channelId: 'msteams',
    serviceUrl,
    locale: 'es-ES',
    from: { id: '29:installer', aadObjectId: 'aad-installer', name: 'Installer' },
    recipient: { id: '28:mesicic-bot', name: 'MESICIC' },
    conversation: { id: '', isGroup: false, name: '', ...conversation } as Activity['conversation'],
    membersAdded: [{ id: '28:mesicic-bot', name: 'MESICIC' }],
    channelData,
  };
}

describe('HTTP: installation', function () {
  this.timeout(60_000);
  let running: Running;
  let connector: ConnectorStandIn;
  let bot: RunningBot;

  beforeEach(async () => {
    running = await startBot(() => ({ SECRETARIAT_TEAM_ID: TEAM }));
    ({ connector, bot } = running);
  });

  afterEach(async () => running.stop());

  it('greets an official when installed in personal chat', async () => {
    assert.equal(
      await post(
        bot.url,
        installed(connector.url, { id: 'a:personal-1', conversationType: 'personal' }, { tenant: { id: 't' } }),
      ),
      200,
    );
    await connector.waitFor(() => connector.textsTo('a:personal-1').length === 1);
    assert.match(connector.textsTo('a:personal-1')[0]!, /Soy el asistente del MESICIC/);
  });

  it("remembers the Secretariat team's channel at install, and notifies there; other teams are ignored", async () => {
    await post(
      bot.url,
      installed(
        connector.url,
        { id: '19:other@thread.tacv2', conversationType: 'channel', isGroup: true },
        { team: { id: '19:other@thread.tacv2' }, tenant: { id: 't' } },
      ),
    );
    assert.deepEqual(connector.textsTo('19:other@thread.tacv2'), [], 'another team is not registered');
    assert.deepEqual(await (await fetch(`${bot.url}/health`)).json(), {
      status: 'ok',
      problems: [],
      outboxPending: 0,
      channelKnown: false,
    });

    await post(
      bot.url,
      installed(
        connector.url,
        { id: TEAM, conversationType: 'channel', isGroup: true },
        { team: { id: TEAM }, tenant: { id: 't' } },
      ),
    );
    await connector.waitFor(() => connector.textsTo(TEAM).length === 1);
    assert.match(connector.textsTo(TEAM)[0]!, /Este canal recibirá las buenas prácticas/);

    const say = (text: string) => sayTo(bot.url, connector, { aad: 'aad-inst', text });
    await say('nuevo');
    for (const input of panama().inputs) await say(input);
    await say('enviar');
    await connector.waitFor(() => connector.textsTo(TEAM).length === 2);
    assert.match(connector.textsTo(TEAM)[1]!, /MESICIC-BP-\d{4}-0001/);
  });
});

describe('HTTP: authentication', function () {
  this.timeout(30_000);
  it('with a MicrosoftAppId, a request without a Bot Framework token gets 401 and stores nothing', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-auth-'));
    const bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
      },
      pino({ level: 'silent' }),
    );
    try {
      assert.equal(
        await post(bot.url, teamsMessage({ serviceUrl: 'http://127.0.0.1:9/', aad: 'aad-x', text: 'nuevo' })),
        401,
      );
      // Only the bot's own lock on its folder: no document, no journal.
      assert.deepEqual(await readdir(dataDir), ['.lock'], 'nothing written');
    } finally {
      await bot.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
