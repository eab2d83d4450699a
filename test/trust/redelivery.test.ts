import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { main, type RunningBot } from '../../bot/index.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { post, teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';

/*
 * Teams delivers a message again when the answer was slow (15 s), possibly to a restarted bot. The bot that gets
 * it again must recognise it from the draft on disk, not from its memory: the answer is kept once, in its own
 * part, and the next answer goes to the next part.
 */

const AAD = 'aad-redelivery';

describe('trust: a message delivered again after a restart', function () {
  this.timeout(60_000);
  let dataDir: string;
  let connector: ConnectorStandIn;
  let bot: RunningBot | undefined;
  const start = async () =>
    (bot = await main({ PORT: '0', DATA_DIR: dataDir, OUTBOX_POLL_MS: '60000' }, pino({ level: 'silent' })));

  before(async () => {
    connector = await new ConnectorStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-redelivery-'));
  });
  after(async () => {
    await bot?.close();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const send = async (activity: ReturnType<typeof teamsMessage>) => {
    const before = connector.sent.length;
    assert.equal(await post(bot!.url, activity), 200);
    await connector.waitFor(() => connector.sent.length > before);
    return connector.sent
      .slice(before)
      .map((s) => visibleText(s.activity))
      .join('\n');
  };
  const message = (text: string) => teamsMessage({ serviceUrl: connector.url, aad: AAD, text });

  it('is recognised from the draft on disk: kept once, in its own part, and the form goes on at the right step', async () => {
    const seed = panama();
    const [first, second] = FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p)));
    await start();
    await send(message('nuevo'));
    await send(message(seed.inputs[0]!));
    const answered = message(seed.inputs[1]!);
    assert.match(await send(answered), /^Guardado ✓/);
    await bot!.close();

    await start();
    const again = await send(answered);
    assert.match(again, /ya estaba guardado ✓/);
    const drafts = new DraftRepository(LowdbFileStore.reader(dataDir));
    const profile = await new ProfileRepository(LowdbFileStore.reader(dataDir)).get(AAD);
    let draft = await drafts.get(AAD, profile.activeDraftId!);
    assert.equal(draft?.cursor.step, second, 'still at the next part');
    assert.equal(draft?.answers[first!]?.text, seed.expected[first!]);
    assert.equal(draft?.answers[second!], undefined, 'nothing stored in the next part');

    assert.match(await send(message(seed.inputs[2]!)), /^Guardado ✓/);
    draft = await drafts.get(AAD, profile.activeDraftId!);
    assert.ok(draft?.answers[second!], 'the next answer went to the next part');

    // "nuevo" delivered again makes no second empty draft.
    const fresh = message('nuevo');
    await send(fresh);
    const count = (await drafts.listByOwner(AAD)).length;
    await bot!.close();
    await start();
    assert.match(await send(fresh), /ya estaba guardado ✓/);
    assert.equal((await drafts.listByOwner(AAD)).length, count, 'no extra draft');
  });
});
