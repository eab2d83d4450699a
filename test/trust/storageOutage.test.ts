import assert from 'node:assert/strict';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { Azurite } from '../support/azurite.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say } from '../support/say.js';

/*
 * Azure Blob Storage stops answering under a running bot. The official must hear, in a few seconds rather than
 * after the client's default ~16 s of retries (past Teams' 15 s, which makes Teams send the message again),
 * that this message was not saved and nothing saved before was lost.
 */
describe('trust: Azure storage stops answering', function () {
  this.timeout(90_000);
  const azurite = new Azurite();
  const connector = new ConnectorStandIn();
  let bot: RunningBot | undefined;

  before(async () => {
    await azurite.start();
    await connector.start();
    bot = await main(
      {
        PORT: '0',
        STORAGE: 'azure',
        AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        AZURE_STORAGE_CONTAINER: 'outage',
        OUTBOX_POLL_MS: '60000',
      },
      pino({ level: 'silent' }),
    );
  });

  after(async () => {
    await bot?.close().catch(() => undefined);
    await connector.stop();
    await azurite.stop();
  });

  it('says the message was not saved and nothing saved before was lost, with no internal error text', async () => {
    const official = { aad: 'aad-outage' };
    assert.match(await say(bot!.url, connector, { ...official, text: 'nuevo' }), /borrador nuevo/);
    await azurite.stop();
    const reply = await say(bot!.url, connector, { ...official, text: '1' }, 30_000);
    assert.match(reply, /El almacenamiento no responde en este momento/);
    assert.match(reply, /Nada de lo que ya vio como «Guardado ✓» se ha perdido/);
    assert.doesNotMatch(reply, /ECONNREFUSED|RestError|127\.0\.0\.1/);
  });
});
