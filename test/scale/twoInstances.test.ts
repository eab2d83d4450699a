import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobStore } from '../../storage/azure/blobStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import { Azurite } from '../support/azurite.js';
import { BotProcess } from '../support/botProcess.js';
import { ConnectorStandIn } from '../support/connector.js';
import { teamsMessage } from '../support/teams.js';

/** A load balancer in miniature: each request goes to the next instance in turn. */
async function roundRobin(targets: string[]): Promise<{ url: string; server: Server }> {
  let next = 0;
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', targets[next++ % targets.length]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('Scale-out: two bot instances on Azure Blob Storage (Azurite) behind a round-robin proxy', function () {
  this.timeout(240_000);
  const azurite = new Azurite();
  const connector = new ConnectorStandIn();
  let bots: BotProcess[] = [];
  let proxy: { url: string; server: Server };

  before(async () => {
    await azurite.start();
    await connector.start();
    const env = {
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: 'scale',
      RATE_LIMIT_PER_MINUTE: '1000',
    };
    bots = await Promise.all([BotProcess.start(env), BotProcess.start(env)]);
    proxy = await roundRobin(bots.map((b) => b.url));
  });

  after(async () => {
    await new Promise((ok) => proxy?.server.close(ok));
    await Promise.all(bots.map((b) => b.kill('SIGTERM')));
    await connector.stop();
    await azurite.stop();
  });

  it('completes many concurrent submissions with no lost answer; racing answers from two devices both land', async () => {
    const seed = panama();
    const officials = Array.from({ length: 12 }, (_, i) => `aad-scale-${i}`);
    const conversation = (aad: string, device: string) => `a:${aad}-${device}`;
    const send = async (aad: string, text: string, device = 'phone') => {
      const activity = teamsMessage({ serviceUrl: connector.url, aad, text, conversation: conversation(aad, device) });
      const before = connector.textsTo(conversation(aad, device)).length;
      const res = await fetch(`${proxy.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      assert.equal(res.status, 200, await res.text());
      await connector.waitFor(() => connector.textsTo(conversation(aad, device)).length > before, 30_000);
    };
    // Fields 5 and 6 are sent at once from two devices: whichever instance loses the etag race runs its turn again.
    const raceAt = seed.inputs.indexOf(seed.expected['approach.text']!);
    const [five, six] = [seed.inputs[raceAt]!, seed.inputs[raceAt + 1]!];

    await Promise.all(
      officials.map(async (aad) => {
        await send(aad, 'nuevo');
        for (let i = 0; i < seed.inputs.length; i++) {
          if (i === raceAt) {
            await Promise.all([send(aad, five, 'phone'), send(aad, six, 'desktop')]);
            i++;
            continue;
          }
          await send(aad, seed.inputs[i]!);
        }
        await send(aad, 'enviar');
      }),
    );

    const store = await BlobStore.connect(azurite.connectionString, 'scale');
    const drafts = new DraftRepository(store);
    for (const aad of officials) {
      const [draft] = await drafts.listByOwner(aad);
      assert.ok(draft, `draft of ${aad}`);
      assert.equal(draft.status, 'submitted', `${aad} submitted`);
      const raced = new Set([draft.answers['approach.text']?.text, draft.answers['implementation.text']?.text]);
      assert.deepEqual(raced, new Set([five.trim(), six.trim()]), `${aad}: both racing answers kept`);
      for (const [id, text] of Object.entries(seed.expected)) {
        if (id === 'approach.text' || id === 'implementation.text') continue;
        assert.equal(draft.answers[id]?.text, text, `${aad} ${id}`);
      }
    }
    const references = (await new PracticeRepository(store).list()).map((p) => p.reference);
    assert.equal(new Set(references).size, officials.length, 'one distinct reference per official');
  });
});
