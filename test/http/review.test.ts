import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { createCatalog } from '../../bot/i18n.js';
import type { RunningBot } from '../../bot/index.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import type { ConnectorStandIn } from '../support/connector.js';
import { startBot, type Running } from '../support/running.js';
import { post, teamsMessage } from '../support/teams.js';
import { liveMarkup, shownText } from '../support/markdownReader.js';
import { cardOf, visibleText } from '../support/visible.js';
import { FIELDS } from '../../dialogs/core/fields.js';

const TEAM = '19:secretariat@thread.tacv2';
const OFFICIAL = 'aad-official-review';
const PERSONAL = `a:personal-${OFFICIAL}`;

describe('HTTP: the Secretariat reviews from its channel', function () {
  this.timeout(90_000);
  let running: Running;
  let connector: ConnectorStandIn;
  let bot: RunningBot;
  let dataDir: string;

  before(async () => {
    running = await startBot((url) => ({
      SECRETARIAT_TEAM_ID: TEAM,
      SECRETARIAT_CHANNEL_ID: TEAM,
      SECRETARIAT_SERVICE_URL: url,
    }));
    ({ connector, bot, dataDir } = running);
  });

  after(async () => running.stop());

  const official = async (text: string) => {
    const before = connector.textsTo(PERSONAL).length;
    assert.equal(await post(bot.url, teamsMessage({ serviceUrl: connector.url, aad: OFFICIAL, text })), 200);
    await connector.waitFor(() => connector.textsTo(PERSONAL).length > before);
    return connector.textsTo(PERSONAL).at(-1)!;
  };

  /** A card button pressed by someone, from a conversation: the channel's thread, or a personal chat. */
  const press = async (
    value: object,
    who: { aad: string; name: string },
    where: 'channel' | 'personal',
    replyToId?: string,
  ) => {
    const activity = teamsMessage({
      serviceUrl: connector.url,
      aad: who.aad,
      name: who.name,
      text: '',
    }) as Partial<Activity> & Record<string, unknown>;
    delete activity.text;
    activity.value = value;
    if (replyToId) activity.replyToId = replyToId;
    if (where === 'channel') {
      activity.conversation = {
        id: `${TEAM};messageid=r1`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'tenant-1',
        name: '',
      };
      activity.channelData = { team: { id: TEAM }, channel: { id: TEAM }, tenant: { id: 'tenant-1' } };
    }
    const convo = (activity.conversation as { id: string }).id;
    const before = connector.textsTo(convo).length;
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.textsTo(convo).length > before);
    return connector.textsTo(convo).at(-1)!;
  };

  const reviewer = { aad: 'aad-reviewer', name: 'Revisora' };
  /** A reviewer's command, written in the Secretariat's channel (or anyone's, in their own team's channel or chat). */
  const ask = async (text: string, who = reviewer, where: 'channel' | 'personal' = 'channel') => {
    const activity = teamsMessage({
      serviceUrl: connector.url,
      aad: who.aad,
      name: who.name,
      text: `<at>MESICIC</at> ${text}`,
    });
    if (where === 'channel') {
      // The reviewer writes in the Secretariat's channel; anyone else, in their own team's.
      const team = who === reviewer ? TEAM : '19:other@thread.tacv2';
      activity.conversation = {
        id: `${team};messageid=r1`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'tenant-1',
        name: '',
      };
      activity.channelData = { team: { id: team }, tenant: { id: 'tenant-1' } };
    }
    const convo = activity.conversation!.id;
    const before = connector.textsTo(convo).length;
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.textsTo(convo).length > before);
    return connector.textsTo(convo).at(-1)!;
  };

  it('return with comments → the official is told, revises only those fields, resubmits as version 2 → accepted', async () => {
    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(await official('enviar'))![0];
    await connector.waitFor(() => connector.textsTo(TEAM).length === 1);
    const notice = connector.sent.find((s) => s.conversationId === TEAM)!;
    const card = cardOf(notice.activity)!;
    assert.match(JSON.stringify(card), /"title":"Aceptar"/);
    assert.match(JSON.stringify(card), /"title":"Devolver con comentarios"/);

    // Someone outside the Secretariat presses the button (guessing the reference): refused, nothing changes.
    const outsider = await press(
      { mesicic: 'review', decision: 'accept', reference },
      { aad: 'aad-outsider', name: 'Outsider' },
      'personal',
    );
    assert.match(outsider, /Solo las personas revisoras/);
    // What is on disk, read as another process would: a fresh store each time, no cache shared with the bot.
    const onDisk = (ref: string) => new PracticeRepository(LowdbFileStore.reader(dataDir)).get(ref);
    assert.equal((await onDisk(reference))?.status, 'submitted');

    const returned = await press(
      {
        mesicic: 'review',
        decision: 'return',
        reference,
        fields: '3,6',
        comment: 'Explique la sustentabilidad y el costo anual.',
      },
      reviewer,
      'channel',
      notice.activity.id,
    );
    assert.match(returned, /Devuelta por Revisora \(campos 3, 6\)/);
    const redrawn = connector.updated.find((u) => u.id === notice.activity.id);
    assert.ok(redrawn, 'the notification card was updated in place');
    assert.doesNotMatch(
      JSON.stringify(cardOf(redrawn.activity)),
      /Action.Submit/,
      'no buttons left on the decided card',
    );

    await connector.waitFor(() => connector.textsTo(PERSONAL).some((t) => /le devolvió/.test(t)));
    const told = connector.textsTo(PERSONAL).find((t) => /le devolvió/.test(t))!;
    assert.match(
      told,
      new RegExp(
        `${reference}[\\s\\S]*3 \\(Descripción de la buena práctica\\), 6 \\(Implementación\\)[\\s\\S]*Explique la sustentabilidad`,
      ),
    );

    assert.match(
      await official('continuar'),
      new RegExp(
        String.raw`Campo 3 de ${FIELDS.length}[\s\S]*Comentario de la Secretaría \(Revisora\): Explique la sustentabilidad`,
      ),
    );
    assert.match(
      await official(
        'Descripción revisada: el curso se ofrece desde 2021 y es sostenible porque forma parte del plan anual.',
      ),
      new RegExp(String.raw`Campo 6 de ${FIELDS.length}`),
    );
    assert.match(
      await official(
        'Implementación revisada: costo anual de 9.630 dólares y dos personas de la dirección de transparencia.',
      ),
      /Resumen de/,
    );
    const receipt = await official('enviar');
    assert.match(receipt, new RegExp(reference));

    await connector.waitFor(() => connector.textsTo(TEAM).some((t) => /Versión: 2/.test(t)));
    let record = (await onDisk(reference))!;
    assert.equal(record.version, 2);
    assert.equal(record.status, 'submitted');
    assert.match(record.answers['description.text']!.text, /^Descripción revisada/);
    assert.equal(
      record.answers['reasons.text']!.text,
      panama().expected['reasons.text'],
      'fields not returned are untouched',
    );

    const second = connector.sent
      .filter((s) => s.conversationId === TEAM)
      .find((s) => /Versión: 2/.test(visibleText(s.activity)))!;
    assert.match(
      await press({ mesicic: 'review', decision: 'accept', reference }, reviewer, 'channel', second.activity.id),
      /Aceptada por Revisora/,
    );
    await connector.waitFor(() => connector.textsTo(PERSONAL).some((t) => /aceptó su buena práctica/.test(t)));
    record = (await onDisk(reference))!;
    assert.equal(record.status, 'accepted');
    assert.deepEqual(
      record.history.map((h) => `${h.status}:${h.by}`),
      [`submitted:${OFFICIAL}`, 'returned:Revisora', `submitted:${OFFICIAL}`, 'accepted:Revisora'],
    );
    assert.ok(
      record.history.every((h) => !Number.isNaN(Date.parse(h.at))),
      'every change has its time',
    );
    assert.match(
      await press({ mesicic: 'review', decision: 'accept', reference }, reviewer, 'channel'),
      /ya estaba aceptada/,
    );
  });

  it('reviewers list practices by theme, State and status, place them in areas, and get the Word file by a signed link', async () => {
    const reference = (await new PracticeRepository(LowdbFileStore.reader(dataDir)).list())[0]!.reference;
    assert.match(await ask('lista tema 12'), new RegExp(`1 práctica:[\\s\\S]*${reference}`));
    assert.match(await ask('lista estado Panamá'), new RegExp(reference));
    assert.match(await ask('lista estado MX'), /^0 prácticas:$/);
    assert.match(await ask('lista situación aceptada'), new RegExp(reference));
    assert.match(await ask('lista situación enviada'), /^0 prácticas:$/);
    assert.match(
      await ask('temas ' + reference + ' 9, 16'),
      /Áreas temáticas de \*\*MESICIC-BP-\d{4}-\d{4}\*\*: 9, 16/,
    );
    assert.match(await ask('lista tema 9'), new RegExp(reference));
    assert.match(await ask('lista tema 12'), /^0 prácticas:$/, "the reviewer's areas replace the derived ones");
    assert.match(await ask('algo'), /Puede pedir: \*\*lista tema N\*\*/);

    const link = /(http:\/\/\S+\/files\?t=\S+)/.exec(await ask(`word ${reference}`))![1]!;
    const file = await fetch(link);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition') ?? '', new RegExp(`${reference}\\.docx`));
    const bytes = Buffer.from(await file.arrayBuffer());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'a Word (zip) file');
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await fetch(forged)).status, 404);

    const exported = await ask('exportar 2026-S2');
    const urls = [...exported.matchAll(/(http:\/\/\S+\/files\?t=\S+)/g)].map((m) => m[1]!);
    assert.equal(urls.length, 3, exported);
    const [csv, json, compiled] = await Promise.all(urls.map(async (u) => ({ res: await fetch(u) })));
    assert.match(await csv!.res.text(), new RegExp(reference));
    assert.match(JSON.stringify(await json!.res.json()), new RegExp(reference));
    assert.equal(compiled!.res.status, 200);
    assert.match(compiled!.res.headers.get('content-disposition') ?? '', /mesicic-2026-S2\.docx/);
    assert.equal(
      Buffer.from(await compiled!.res.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
      'built in the worker thread: a Word (zip) file',
    );

    const outsider = { aad: 'aad-outsider-2', name: 'Outsider' };
    assert.match(await ask('lista tema 9', outsider), /solo para las personas revisoras/);
    assert.match(
      await ask('lista tema 9', outsider, 'personal'),
      /Soy el asistente del MESICIC/,
      "an official's words go to the form",
    );
  });

  it('an official’s title written as markdown or HTML, and a reviewer’s comment, reach the other side as typed, not as links', async () => {
    const title =
      '[Ver el informe](https://evil.example/login) <a href="https://evil.example">Portal</a> **URGENTE** _x_ `y` ~~z~~ &lt;b&gt;';
    const comment = '[Corrija aquí](https://evil.example) <b>ya</b> **hoy**\n# Importante\n- uno';
    const inputs = [...panama().inputs];
    inputs[3] = title; // field 2, the title
    await official('nuevo');
    for (const input of inputs) await official(input);
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(await official('enviar'))![0];
    await connector.waitFor(() =>
      connector.sent.some((s) => s.conversationId === TEAM && visibleText(s.activity).includes(reference)),
    );
    const notice = connector.sent.find(
      (s) => s.conversationId === TEAM && visibleText(s.activity).includes(reference),
    )!;

    // "lista estado PA": the reviewer's line for it has the list's own markup and nothing the title added.
    const line = (await ask('lista estado PA')).split('\n').find((l) => l.includes(reference))!;
    assert.ok(shownText(line).includes(title), line);
    assert.deepEqual(
      liveMarkup(line),
      liveMarkup(`- **${reference}** Un título (PA, enviada)`),
      `the title added markup: ${line}`,
    );

    // Returned with a comment written as markdown: the official's chat text shows it as typed.
    await press(
      { mesicic: 'review', decision: 'return', reference, fields: '3', comment },
      reviewer,
      'channel',
      notice.activity.id,
    );
    await connector.waitFor(() =>
      connector.textsTo(PERSONAL).some((t) => t.includes(reference) && /le devolvió/.test(t)),
    );
    const told = connector.textsTo(PERSONAL).find((t) => t.includes(reference) && /le devolvió/.test(t))!;
    assert.ok(shownText(told).includes(comment), told);
    const tx = (await createCatalog()).texts('es');
    const plain = tx.t('reviewing.toOfficialReturned', {
      reference,
      fields: '3 (Descripción)',
      comment: 'Un comentario',
    });
    assert.deepEqual(liveMarkup(told), liveMarkup(plain), `the comment added markup: ${told}`);
  });
});
