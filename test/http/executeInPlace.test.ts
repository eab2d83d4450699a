import assert from 'node:assert/strict';
import { startBot, type Running } from '../support/running.js';
import { exchange } from '../support/say.js';
import { teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';

/*
 * The question card's Save is a Universal Action (Action.Execute, with an Action.Submit fallback): Teams sends
 * an adaptiveCard/action invoke and shows the card the bot answers with in place of the pressed one. A refused
 * answer adds nothing to the chat: the same card comes back with the problem under its box and the answer kept.
 */

interface Body {
  type: string;
  id?: string;
  value?: string;
  text?: string;
  color?: string;
}
interface Card {
  body: Body[];
  actions?: Array<{ type: string; verb?: string; data?: Record<string, unknown>; fallback?: { type: string } }>;
}

describe('HTTP: Save answers in place (Action.Execute)', function () {
  this.timeout(60_000);
  let running: Running;
  before(async () => (running = await startBot()));
  after(async () => running.stop());

  const execute = async (aad: string, replyToId: string, data: Record<string, unknown>, id?: string) => {
    const activity = {
      ...teamsMessage({ serviceUrl: running.connector.url, aad, text: '' }),
      ...(id ? { id } : {}),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb: 'answer', data }, trigger: 'manual' },
    };
    const res = await fetch(`${running.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { statusCode: number; type: string; value: Card };
  };

  it('a refused answer: no new message, the problem under the box, the answer kept; then accepted in place', async () => {
    const { bot, connector } = running;
    const aad = 'aad-execute';
    await exchange(bot.url, connector, { aad, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1' });
    const posted = connector.sent.filter((c) => c.activity.replyToId === activity.id && c.activity.attachments?.length);
    const message = posted.at(-1)!;
    const card = message.activity.attachments![0]!.content as Card;
    const save = card.actions![0]!;
    assert.equal(save.type, 'Action.Execute');
    // Without Teams SSO configured the form window cannot open: its button is left off.
    assert.ok(!card.actions!.some((a) => a.data?.mesicic === 'form'), 'no form-window button');
    assert.equal(save.fallback?.type, 'Action.Submit', 'clients without Universal Actions still submit');
    const cardId = message.activity.id!;

    const before = connector.sent.length;
    const refused = await execute(aad, cardId, { ...save.data, text: 'ab' });
    assert.equal(refused.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(connector.sent.length, before, 'nothing new in the chat');
    const body = refused.value.body;
    const box = body.findIndex((b) => b.id === 'text');
    assert.equal(body[box]!.value, 'ab', 'the answer kept in the box');
    assert.equal(body[box + 1]!.id, 'problem', 'the problem right under the box');
    assert.match(body[box + 1]!.text!, /escriba al menos 3/);
    assert.equal(body[box + 1]!.color, 'Attention');
    assert.ok(!JSON.stringify(refused.value).includes('"mesicic":"form"'), 'no form-window button in place either');

    // Corrected in the same card: it closes with the answer, and the next step is one new message.
    const accepted = await execute(aad, cardId, { ...save.data, text: 'Oficina Nacional Anticorrupción' });
    const closed = JSON.stringify(accepted.value);
    assert.match(closed, /✓ Oficina Nacional Anticorrupción/);
    assert.equal((accepted.value.actions ?? []).length, 0, 'no buttons left on the answered card');
    const after = connector.sent.slice(before);
    assert.equal(after.length, 1, 'one new message: the next question');
    assert.match(visibleText(after[0]!.activity), /Guardado ✓[\s\S]*Estado Parte/);
  });

  it('a card whose step is already done closes itself and says so', async () => {
    const { bot, connector } = running;
    const aad = 'aad-execute-stale';
    await exchange(bot.url, connector, { aad, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1' });
    const message = connector.sent
      .filter((c) => c.activity.replyToId === activity.id && c.activity.attachments?.length)
      .at(-1)!;
    const save = (message.activity.attachments![0]!.content as Card).actions![0]!;
    // Answered by typing meanwhile.
    await exchange(bot.url, connector, { aad, text: 'Contraloría General' });
    const late = await execute(aad, message.activity.id!, { ...save.data, text: 'Otra institución' });
    assert.doesNotMatch(JSON.stringify(late.value), /Input\.Text/, 'no box left to fill');
  });

  it('a Save that Teams delivers twice (the same invoke) is applied once', async () => {
    const { bot, connector, dataDir } = running;
    const aad = 'aad-execute-twice';
    await exchange(bot.url, connector, { aad, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1' });
    const message = connector.sent
      .filter((c) => c.activity.replyToId === activity.id && c.activity.attachments?.length)
      .at(-1)!;
    const save = (message.activity.attachments![0]!.content as Card).actions![0]!;
    const data = { ...save.data, text: 'Oficina Nacional Anticorrupción' };
    await execute(aad, message.activity.id!, data, 'invoke-save-1');
    await execute(aad, message.activity.id!, data, 'invoke-save-1');
    const { LowdbFileStore } = await import('../../storage/lowdb/fileStore.js');
    const { DraftRepository } = await import('../../storage/repositories/drafts.js');
    const [draft] = await new DraftRepository(LowdbFileStore.reader(dataDir)).listByOwner(aad);
    assert.equal(draft!.answers['institution.name']?.text, 'Oficina Nacional Anticorrupción');
    assert.equal(draft!.cursor.step, 'institution.state', 'moved on once, not twice');
  });
});
