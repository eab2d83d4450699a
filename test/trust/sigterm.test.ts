import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { panama } from '../fixtures/seeds.js';
import { BotProcess } from '../support/botProcess.js';
import { ConnectorStandIn } from '../support/connector.js';
import { say } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

describe('trust: graceful shutdown on SIGTERM', function () {
  this.timeout(60_000);
  it('finishes the turns in flight, keeps their answers, and exits 0', async () => {
    const connector = await new ConnectorStandIn().start();
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-sigterm-'));
    const bot = await BotProcess.start({ DATA_DIR: dataDir });
    try {
      const seed = panama();
      const officials = Array.from({ length: 8 }, (_, i) => `aad-term-${i}`);
      for (const aad of officials)
        for (const text of ['nuevo', ...seed.inputs.slice(0, 3)]) await say(bot.url, connector, { aad, text });
      // Eight answers in flight at once, then the signal while they are being handled: only their statuses count.
      const inFlight = officials.map((aad) =>
        post(bot.url, teamsMessage({ serviceUrl: connector.url, aad, text: seed.inputs[3]! })),
      );
      await new Promise((r) => setTimeout(r, 5));
      const exit = bot.kill('SIGTERM');
      const statuses = await Promise.allSettled(inFlight);
      assert.equal(await exit, 0, 'exits cleanly');
      const drafts = new DraftRepository(LowdbFileStore.reader(dataDir));
      for (const [i, aad] of officials.entries()) {
        const status = statuses[i]!;
        const draft = (await drafts.listByOwner(aad))[0]!;
        // A request the server took was answered 200 and its answer is on disk; one refused at the door changed nothing.
        if (status.status === 'fulfilled' && status.value === 200)
          assert.equal(draft.answers['title.title']?.text, seed.expected['title.title'], aad);
        else assert.equal(draft.cursor.step, 'title.title', aad);
      }
      assert.ok(
        statuses.some((s) => s.status === 'fulfilled' && s.value === 200),
        'at least one turn was in flight and finished',
      );
    } finally {
      await bot.kill('SIGKILL');
      await connector.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
