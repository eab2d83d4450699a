import assert from 'node:assert/strict';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import { startBot, type Running } from '../support/running.js';
import { post, teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';

/*
 * A practice the Secretariat returns reaches the official as a notice with a Resume button; pressed, it opens
 * the returned draft at the first field to revise, with the reviewer's comment for that field.
 */

const TEAM = '19:secretariat-return@thread.tacv2';
const OFFICIAL = 'aad-official-return-notice';
const PERSONAL = `a:personal-${OFFICIAL}`;
const REFERENCE = /MESICIC-BP-\d{4}-\d{4}/;

describe('HTTP: the return notice carries a Resume button', function () {
  this.timeout(120_000);
  let running: Running;
  before(async () => {
    running = await startBot((url) => ({
      SECRETARIAT_TEAM_ID: TEAM,
      SECRETARIAT_CHANNEL_ID: TEAM,
      SECRETARIAT_SERVICE_URL: url,
      RATE_LIMIT_PER_MINUTE: '600',
    }));
  });
  after(async () => running.stop());

  it('Resume on the notice opens the returned draft at the field the Secretariat named', async () => {
    const { bot, connector, dataDir } = running;
    const official = async (text: string, value?: unknown, replyToId?: string) => {
      const before = connector.textsTo(PERSONAL).length;
      const activity = { ...teamsMessage({ serviceUrl: connector.url, aad: OFFICIAL, text }), value, replyToId };
      assert.equal(await post(bot.url, activity), 200);
      await connector.waitFor(() => connector.textsTo(PERSONAL).length > before);
      return connector.textsTo(PERSONAL).at(-1)!;
    };
    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = REFERENCE.exec(await official('enviar'))![0];
    const practices = () => new PracticeRepository(LowdbFileStore.reader(dataDir));
    for (let i = 0; !(await practices().get(reference))?.channelPost; i++) {
      assert.ok(i < 400, 'the practice reached the channel');
      await new Promise((r) => setTimeout(r, 50));
    }

    // A reviewer returns field 3 with a comment, from the channel's Return dialog.
    const reviewer = teamsMessage({ serviceUrl: connector.url, aad: 'aad-reviewer-rn', name: 'Revisora', text: '' });
    const thread = {
      ...reviewer,
      type: 'invoke',
      name: 'task/submit',
      conversation: {
        id: `${TEAM};messageid=r1`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'tenant-1',
        name: '',
      },
      channelData: { team: { id: TEAM }, channel: { id: TEAM }, tenant: { id: 'tenant-1' } },
      value: {
        data: { mesicic: 'reviewReturn', reference, version: 1, 'comment-3': 'Falta decir desde cuándo funciona.' },
      },
    };
    delete (thread as { text?: string }).text;
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(thread),
    });
    assert.equal(res.status, 200);

    await connector.waitFor(
      () => connector.sent.some((c) => c.conversationId === PERSONAL && /devolvió/.test(visibleText(c.activity))),
      20_000,
    );
    const notice = connector.sent
      .filter((c) => c.conversationId === PERSONAL && /devolvió/.test(visibleText(c.activity)))
      .at(-1)!;
    const card = notice.activity.attachments?.[0]?.content as {
      actions: Array<{ title: string; data: Record<string, unknown> }>;
    };
    assert.ok(card, 'the notice carries a card');
    const resume = card.actions[0]!;
    assert.equal(resume.title, 'Continuar');
    assert.equal(resume.data.command, 'resume');

    const opened = await official('', resume.data, notice.activity.id);
    assert.match(opened, /Campo 3 de 12/);
    assert.match(opened, /Falta decir desde cuándo funciona/);
  });
});
