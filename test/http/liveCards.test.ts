import assert from 'node:assert/strict';
import { startBot, type Running } from '../support/running.js';
import { exchange } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';

/*
 * A question card answered by typing in the compose box does not stay live: the bot redraws it in place with
 * the answer and no inputs or buttons, as it does when the card's own button is pressed. A card left behind by
 * a move (skip, edit) is redrawn saying the form goes on in the latest card.
 */

describe('HTTP: the previous card is closed when the official types', function () {
  this.timeout(60_000);
  let running: Running;
  before(async () => (running = await startBot()));
  after(async () => running.stop());

  it('typed answers redraw the card they answered; a move redraws the one left behind', async () => {
    const { bot, connector } = running;
    const aad = 'aad-live-cards';
    const cardOf = async (text: string) => {
      const { activity } = await exchange(bot.url, connector, { aad, text });
      const sent = connector.sent.filter((c) => c.activity.replyToId === activity.id);
      return sent.filter((c) => c.activity.attachments?.length).at(-1)!.activity;
    };
    const kindCard = await cardOf('nuevo');
    const nameCard = await cardOf('1');
    // The kind card, answered by typing "1": redrawn with the answer, no buttons.
    const first = connector.updated.find((u) => u.id === kindCard.id);
    assert.ok(first, 'the kind card was redrawn');
    const content = first.activity.attachments![0]!.content as { actions?: unknown[]; body: unknown[] };
    assert.equal((content.actions ?? []).length, 0, 'no buttons left');
    assert.match(visibleText(first.activity), /✓ Buena práctica/);

    // "omitir" on a required part moves on: the card left behind says so.
    await cardOf('omitir');
    const left = connector.updated.find((u) => u.id === nameCard.id);
    assert.ok(left, 'the card left behind was redrawn');
    assert.match(visibleText(left.activity), /sigue en la tarjeta más reciente/);
  });

  it('a refused answer comes back in one card: the question, what was typed kept in the box, the problem under it', async () => {
    const { bot, connector } = running;
    const aad = 'aad-refused';
    for (const text of ['nuevo', '1']) await exchange(bot.url, connector, { aad, text });
    const { activity } = await exchange(bot.url, connector, { aad, text: 'ab' });
    const sent = connector.sent.filter((c) => c.activity.replyToId === activity.id);
    assert.equal(sent.length, 1, 'one message');
    const card = sent[0]!.activity.attachments?.[0]?.content as {
      body: Array<{ type: string; id?: string; value?: string }>;
    };
    assert.ok(card, 'a card');
    const seenText = visibleText(sent[0]!.activity);
    assert.ok(seenText.indexOf('Campo 1 de 12') >= 0, 'the question');
    const box = card.body.findIndex((b) => b.id === 'text');
    assert.equal(card.body[box]?.value, 'ab', 'what was typed, kept to correct');
    assert.match(
      (card.body[box + 1] as { text?: string }).text ?? '',
      /escriba al menos 3/,
      'the problem right under the box',
    );
  });

  it('the welcome’s buttons close once the official moves on from it', async () => {
    const { bot, connector } = running;
    const aad = 'aad-welcome-closes';
    const base = teamsMessage({ serviceUrl: connector.url, aad, text: '' });
    const install = {
      ...base,
      type: 'conversationUpdate',
      membersAdded: [{ id: '28:mesicic-bot', name: 'MESICIC' }],
    };
    delete (install as { text?: string }).text;
    assert.equal(await post(bot.url, install), 200);
    const welcome = connector.sent.find((c) => c.activity.replyToId === install.id && c.activity.attachments?.length);
    assert.ok(welcome, 'the welcome card');
    const welcomeId = welcome.activity.id!;
    // "New" pressed on the welcome itself.
    const press = { ...teamsMessage({ serviceUrl: connector.url, aad, text: '' }), replyToId: welcomeId };
    (press as { value?: unknown }).value = { mesicic: 'command', command: 'new' };
    assert.equal(await post(bot.url, press), 200);
    const closed = connector.updated.find((u) => u.id === welcomeId);
    assert.ok(closed, 'the welcome was redrawn');
    const content = closed.activity.attachments![0]!.content as { actions?: unknown[]; body: Array<{ type: string }> };
    assert.equal((content.actions ?? []).length, 0, 'no buttons left');
    assert.ok(!JSON.stringify(content.body).includes('Action.Submit'), 'none inside the body either');
    assert.match(visibleText(closed.activity), /ya no están activos/);
  });
});
