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
const REFERENCE = /MESICIC-BP-\d{4}-\d{4}/;

type Json = Record<string, unknown>;
interface Who {
  aad: string;
  name: string;
}

/** Every action of a card, wherever it sits (the card's own actions, or an ActionSet). */
function actionsOf(card: unknown): Json[] {
  const out: Json[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (Array.isArray(o.actions)) out.push(...(o.actions as Json[]));
    for (const k of ['body', 'items', 'columns']) if (k in o) walk(o[k]);
  };
  walk(card);
  return out;
}
const titles = (card: unknown) => actionsOf(card).map((a) => String(a.title));
/** The card's inputs, by id. */
function inputsOf(card: unknown): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Json;
    if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.set(String(o.id), o);
    for (const k of ['body', 'items', 'columns']) if (k in o) walk(o[k]);
  };
  walk(card);
  return out;
}
const cardText = (card: unknown) =>
  visibleText({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

describe('HTTP: the Secretariat reads and decides on one live card per practice', function () {
  this.timeout(120_000);
  let running: Running;
  let connector: ConnectorStandIn;
  let bot: RunningBot;
  let dataDir: string;

  before(async () => {
    running = await startBot((url) => ({
      SECRETARIAT_TEAM_ID: TEAM,
      SECRETARIAT_CHANNEL_ID: TEAM,
      SECRETARIAT_SERVICE_URL: url,
      // One official presents three practices within a minute here.
      RATE_LIMIT_PER_MINUTE: '600',
    }));
    ({ connector, bot, dataDir } = running);
  });

  after(async () => running.stop());

  /** What is on disk, read as another process would: a fresh store each time, no cache shared with the bot. */
  const onDisk = (ref: string) => new PracticeRepository(LowdbFileStore.reader(dataDir)).get(ref);

  const official = async (text: string) => {
    const before = connector.textsTo(PERSONAL).length;
    assert.equal(await post(bot.url, teamsMessage({ serviceUrl: connector.url, aad: OFFICIAL, text })), 200);
    await connector.waitFor(() => connector.textsTo(PERSONAL).length > before);
    return connector.textsTo(PERSONAL).at(-1)!;
  };

  const reviewer: Who = { aad: 'aad-reviewer', name: 'Revisora' };
  const second: Who = { aad: 'aad-reviewer-2', name: 'Segundo Revisor' };
  const outsider: Who = { aad: 'aad-outsider', name: 'Outsider' };

  /** An activity from someone, in the practice's thread of the Secretariat channel (or in their personal chat). */
  const from = (who: Who, where: 'thread' | 'personal', thread = `${TEAM};messageid=r1`) => {
    const activity = teamsMessage({
      serviceUrl: connector.url,
      aad: who.aad,
      name: who.name,
      text: '',
    }) as Partial<Activity> & Json;
    delete activity.text;
    if (where === 'thread') {
      activity.conversation = {
        id: thread,
        conversationType: 'channel',
        isGroup: true,
        tenantId: 'tenant-1',
        name: '',
      };
      activity.channelData = { team: { id: TEAM }, channel: { id: TEAM }, tenant: { id: 'tenant-1' } };
    }
    return activity;
  };

  /** An invoke (a dialog's task/fetch or task/submit, a card's Action.Execute) and the answer only its sender sees. */
  const invoke = async (name: string, value: Json, who: Who, where: 'thread' | 'personal' = 'thread') => {
    const activity = { ...from(who, where, thread), type: 'invoke', name, value };
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const fetchTask = (data: Json, who = reviewer, where: 'thread' | 'personal' = 'thread') =>
    invoke('task/fetch', { data, context: { theme: 'default' } }, who, where);
  const submitTask = (data: Json, who = reviewer) =>
    invoke('task/submit', { data, context: { theme: 'default' } }, who);
  const execute = (data: Json, who = reviewer, where: 'thread' | 'personal' = 'thread') =>
    invoke(
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'reviewAccept', data }, trigger: 'manual' },
      who,
      where,
    );
  /** What a task/fetch or task/submit answered: a card dialog, a page, a message box, or nothing (closed). */
  const taskOf = (body: Json) =>
    body.task as
      { type: string; value: { card?: { content: Json }; url?: string; title?: string } | string } | undefined;
  const messageOf = (body: Json) => {
    const task = taskOf(body);
    assert.equal(task?.type, 'message', JSON.stringify(body));
    return task.value as string;
  };
  const dialogCard = (body: Json) => {
    const task = taskOf(body);
    assert.equal(task?.type, 'continue', JSON.stringify(body));
    return (task.value as { card: { content: Json } }).card.content;
  };

  let thread = `${TEAM};messageid=r1`;
  /** What the channel shows now: every message posted, and the practice's card as last drawn. */
  const inChannel = () => connector.sent.filter((s) => s.conversationId.split(';')[0] === TEAM);
  const liveCard = (id: string) => {
    const updates = connector.updated.filter((u) => u.id === id);
    return cardOf(updates.at(-1)?.activity ?? inChannel().find((s) => s.activity.id === id)!.activity)!;
  };
  const waitForCard = async (id: string, test: (text: string) => boolean) => {
    await connector.waitFor(() => test(cardText(liveCard(id))));
    return liveCard(id);
  };

  it('every change redraws the one card; Return is a dialog with a comment per field; a new version is a reply in the thread; stale decisions are refused privately', async () => {
    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = REFERENCE.exec(await official('enviar'))![0];
    await connector.waitFor(() => inChannel().length === 1);
    const root = inChannel()[0]!;
    assert.equal(root.conversationId, TEAM, 'a new thread in the channel');
    const rootId = root.activity.id!;
    assert.deepEqual(titles(cardOf(root.activity)), ['Ver la práctica', 'Word', 'Aceptar', 'Devolver con comentarios']);
    const accept = actionsOf(cardOf(root.activity)).find((a) => a.title === 'Aceptar')!;
    assert.equal(accept.type, 'Action.Execute');
    assert.equal((accept.fallback as Json).type, 'Action.Submit', 'a client without Universal Actions opens a dialog');
    assert.match(cardText(cardOf(root.activity)), /Espera una decisión: versión 1/);

    // The record keeps where its card is: the thread's conversation and the card's id.
    await connector.waitFor(() => connector.textsTo(PERSONAL).some((t) => /llegó a la Secretaría|ha llegado/i.test(t)));
    const kept = (await onDisk(reference))!.channelPost!;
    assert.deepEqual(
      { conversationId: kept.conversationId, activityId: kept.activityId, channelId: kept.channelId },
      { conversationId: `${TEAM};messageid=${rootId}`, activityId: rootId, channelId: TEAM },
    );
    thread = kept.conversationId;

    // Someone outside the Secretariat presses Accept (from their own chat): refused, to them alone; nothing changes.
    const refused = await execute({ mesicic: 'reviewAccept', reference, version: 1 }, outsider, 'personal');
    assert.equal(refused.body.type, 'application/vnd.microsoft.activity.message');
    assert.match(String(refused.body.value), /Solo las personas revisoras/);
    assert.match(
      messageOf((await fetchTask({ mesicic: 'reviewReturn', reference }, outsider, 'personal')).body),
      /Solo las personas revisoras/,
    );
    assert.equal((await onDisk(reference))?.status, 'submitted');

    // Return opens a dialog: one comment box per field, under each field's label and the start of its answer.
    const opened = dialogCard((await fetchTask({ mesicic: 'reviewReturn', reference, version: 1 })).body);
    const boxes = inputsOf(opened);
    assert.deepEqual(
      [...boxes.keys()],
      FIELDS.map((f) => `comment-${f.number}`),
    );
    assert.match(cardText(opened), /3\. Descripción de la buena práctica/);

    // Its checks answer in the dialog (what was typed kept), never in the thread; nothing is decided.
    const postsBefore = inChannel().length;
    const updatesBefore = connector.updated.length;
    const empty = dialogCard(
      (await submitTask({ mesicic: 'reviewReturn', reference, version: 1, 'comment-3': '   ' })).body,
    );
    assert.match(cardText(empty), /escriba un comentario en al menos un campo/);
    const long = 'x'.repeat(2_001);
    const tooLong = dialogCard(
      (await submitTask({ mesicic: 'reviewReturn', reference, version: 1, 'comment-3': long, 'comment-6': 'Bien' }))
        .body,
    );
    assert.match(cardText(tooLong), /campo 3 pasa de 2000 caracteres/);
    assert.equal(inputsOf(tooLong).get('comment-3')?.value, long, 'the text typed is kept to correct');
    assert.equal(inputsOf(tooLong).get('comment-6')?.value, 'Bien');
    assert.equal(inChannel().length, postsBefore, 'nothing posted in the channel');
    assert.equal(connector.updated.length, updatesBefore, 'the card is not touched');
    assert.equal((await onDisk(reference))?.status, 'submitted');

    const comment3 = 'Explique la sustentabilidad: desde cuándo funciona.';
    const comment6 = 'Indique el costo anual y el personal.';
    const returned = await submitTask({
      mesicic: 'reviewReturn',
      reference,
      version: 1,
      'comment-3': comment3,
      'comment-6': comment6,
    });
    assert.equal(returned.status, 200);
    assert.equal(taskOf(returned.body), undefined, 'the dialog closes');
    const afterReturn = await waitForCard(rootId, (t) => /Devuelta por Revisora/.test(t));
    assert.match(
      cardText(afterReturn),
      /Devuelta por Revisora el \d{4}-\d\d-\d\d a las \d\d:\d\d UTC, campos 3 \(Descripción de la buena práctica\), 6 \(Implementación\)/,
    );
    assert.deepEqual(titles(afterReturn), ['Ver la práctica', 'Word'], 'no decision left on the card');
    assert.equal(inChannel().length, postsBefore, 'the decision is not posted as a message');

    // A second reviewer acting on the card as it was: refused, to them alone, saying who did what and when.
    const stale = await execute({ mesicic: 'reviewAccept', reference, version: 1 }, second);
    assert.match(
      String(stale.body.value),
      /No se registró ninguna decisión: otra persona ya actuó\. ↩️ Devuelta por Revisora el \d{4}-\d\d-\d\d a las \d\d:\d\d UTC/,
    );
    assert.match(
      messageOf((await fetchTask({ mesicic: 'reviewReturn', reference, version: 1 }, second)).body),
      /Devuelta por Revisora/,
    );
    assert.match(
      messageOf(
        (await submitTask({ mesicic: 'reviewReturn', reference, version: 1, 'comment-2': 'Otro' }, second)).body,
      ),
      /otra persona ya actuó/,
    );
    assert.equal((await onDisk(reference))?.status, 'returned');
    assert.equal(inChannel().length, postsBefore);

    // The official sees each field's own comment at that field.
    await connector.waitFor(() => connector.textsTo(PERSONAL).some((t) => /le devolvió/.test(t)));
    const field3 = await official('continuar');
    assert.match(
      field3,
      new RegExp(
        String.raw`Campo 3 de ${FIELDS.length}[\s\S]*Comentario de la Secretaría \(Revisora\): Explique la sustentabilidad`,
      ),
    );
    assert.doesNotMatch(field3, /costo anual/, "field 6's comment is not at field 3");
    const field6 = await official(
      'Descripción revisada: el curso se ofrece desde 2021 y es sostenible porque forma parte del plan anual.',
    );
    assert.match(
      field6,
      new RegExp(
        String.raw`Campo 6 de ${FIELDS.length}[\s\S]*Comentario de la Secretaría \(Revisora\): Indique el costo anual`,
      ),
    );
    assert.doesNotMatch(field6, /sustentabilidad/);
    await official(
      'Implementación revisada: costo anual de 9.630 dólares y dos personas de la dirección de transparencia.',
    );
    assert.match(await official('enviar'), new RegExp(reference));

    // Version 2 is a reply in the practice's thread; the card atop it shows the latest version, awaiting a decision.
    await connector.waitFor(() => connector.sent.some((s) => s.conversationId === thread));
    const reply = connector.sent.find((s) => s.conversationId === thread)!;
    assert.match(
      visibleText(reply.activity),
      /Versión 2 de MESICIC-BP-\d{4}-\d{4}[\s\S]*Campos que cambiaron desde la versión 1:\n✏️ 3\. Descripción de la buena práctica\n✏️ 6\. Implementación$/,
    );
    assert.deepEqual(titles(cardOf(reply.activity)), ['Ver los cambios']);
    assert.equal(inChannel().filter((s) => s.conversationId === TEAM).length, 1, 'no second thread');
    const top = await waitForCard(rootId, (t) => /versión 2/.test(t));
    assert.match(
      cardText(top),
      /Espera una decisión: versión 2[\s\S]*Cambió desde la versión 1: 3 \(Descripción de la buena práctica\), 6 \(Implementación\)/,
    );
    assert.deepEqual(titles(top), ['Ver la práctica', 'Word', 'Aceptar', 'Devolver con comentarios']);

    // View: every field in full, in the Secretariat's language, the changes marked word by word.
    const view = taskOf((await fetchTask({ mesicic: 'reviewView', reference, version: 2 })).body)!;
    assert.equal(view.type, 'continue');
    const page = await fetch((view.value as { url: string }).url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors[^;]*teams\.microsoft\.com/);
    const html = await page.text();
    const tx = (await createCatalog()).texts('es');
    for (const f of FIELDS)
      assert.ok(html.includes(`${f.number}. ${tx.t(`fields.${f.key}.label`)}`), `field ${f.number}`);
    const changed = [...html.matchAll(/<section class="field changed" data-changed="1">\s*<h2>(\d+)\./g)].map(
      (m) => m[1],
    );
    assert.deepEqual(changed, ['3', '6']);
    assert.match(html, /<ins>[^<]*revisada[^<]*<\/ins>/);
    assert.match(html, /<del>[^<]+<\/del>/);
    assert.ok(
      html.includes(panama().expected['reasons.text']!.replace(/&/g, '&amp;').slice(0, 60)),
      'an unchanged field in full',
    );

    // Word: a dialog with links signed for the one who asked.
    const word = dialogCard((await fetchTask({ mesicic: 'reviewWord', reference })).body);
    const link = String(actionsOf(word).find((a) => a.type === 'Action.OpenUrl')!.url);
    const file = await fetch(link);
    assert.equal(file.status, 200);
    assert.equal(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 2)
        .toString(),
      'PK',
    );

    // A decision on the card of version 1 (an older card): refused, naming the version there is now.
    const old = await execute({ mesicic: 'reviewAccept', reference, version: 1 }, second);
    assert.match(String(old.body.value), /esta tarjeta era de otra versión; la práctica está ahora en la versión 2/);

    // Accept: one click; the one who pressed gets the new card at once, everyone else through the update.
    const accepted = await execute({ mesicic: 'reviewAccept', reference, version: 2 });
    assert.equal(accepted.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.match(cardText(accepted.body.value), /Aceptada por Revisora/);
    const final = await waitForCard(rootId, (t) => /Aceptada por Revisora/.test(t));
    assert.deepEqual(titles(final), ['Ver la práctica', 'Word']);
    await connector.waitFor(() => connector.textsTo(PERSONAL).some((t) => /aceptó su buena práctica/.test(t)));
    const again = await execute({ mesicic: 'reviewAccept', reference, version: 2 }, second);
    assert.match(String(again.body.value), /otra persona ya actuó\. ✅ Aceptada por Revisora el/);

    // A reviewer's command that changes the practice (its thematic areas) redraws the card too.
    const ask = from(reviewer, 'thread', thread);
    ask.type = 'message';
    ask.text = `<at>MESICIC</at> temas ${reference} 9, 16`;
    assert.equal(await post(bot.url, ask), 200);
    const placed = await waitForCard(rootId, (t) => /Áreas temáticas: 9\./.test(t));
    assert.match(cardText(placed), /Áreas temáticas: 9\. [^;]+; 16\. /);

    // Every redrawing went to the one post, in its thread; nothing else was posted for the decisions.
    assert.ok(connector.updated.length >= 4, `${connector.updated.length} updates`);
    assert.deepEqual(
      [
        ...new Set(
          connector.updated.filter((u) => u.conversationId.startsWith(TEAM)).map((u) => `${u.conversationId} ${u.id}`),
        ),
      ],
      [`${thread} ${rootId}`],
    );
    const record = (await onDisk(reference))!;
    assert.deepEqual(
      record.history.map((h) => `${h.status}:${h.by}`),
      [`submitted:${OFFICIAL}`, 'returned:Revisora', `submitted:${OFFICIAL}`, 'accepted:Revisora'],
    );
    assert.equal(record.previous?.version, 1);
    assert.equal(record.channelPost?.activityId, rootId, 'the post is kept across versions');
  });

  it('a card of an earlier bot (plain Accept/Return buttons) decides nothing and becomes the live card', async () => {
    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = REFERENCE.exec(await official('enviar'))![0];
    await connector.waitFor(() =>
      inChannel().some((s) => s.conversationId === TEAM && visibleText(s.activity).includes(reference)),
    );
    const root = inChannel().find((s) => s.conversationId === TEAM && visibleText(s.activity).includes(reference))!;
    const pressed = from(reviewer, 'thread', `${TEAM};messageid=${root.activity.id}`);
    pressed.type = 'message';
    pressed.value = { mesicic: 'review', decision: 'accept', reference };
    pressed.replyToId = root.activity.id;
    const before = connector.updated.length;
    assert.equal(await post(bot.url, pressed), 200);
    await connector.waitFor(() => connector.updated.length > before);
    const redrawn = cardOf(connector.updated.at(-1)!.activity)!;
    assert.ok(titles(redrawn).includes('Aceptar'));
    assert.equal((await onDisk(reference))?.status, 'submitted', 'nothing decided');

    // Accept where Universal Actions are not available (the button's fallback): the same decision, in a dialog.
    const confirm = dialogCard((await fetchTask({ mesicic: 'reviewAccept', reference, version: 1 })).body);
    assert.match(cardText(confirm), /¿Acepta la versión 1 de «Curso de gobierno abierto/);
    const closed = await submitTask({ mesicic: 'reviewAccept', reference, version: 1 });
    assert.equal(taskOf(closed.body), undefined, 'the dialog closes');
    await waitForCard(root.activity.id!, (t) => /Aceptada por Revisora/.test(t));
    assert.match(
      messageOf((await submitTask({ mesicic: 'reviewAccept', reference, version: 1 }, second)).body),
      /otra persona ya actuó\. ✅ Aceptada por Revisora/,
    );

    // A View link altered, or expired, opens a page that says how to get a fresh one; nothing of the practice.
    const view = taskOf((await fetchTask({ mesicic: 'reviewView', reference })).body)!;
    const forged = String((view.value as { url: string }).url).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const page = await fetch(forged);
    assert.equal(page.status, 404);
    const html = await page.text();
    assert.match(html, /Este enlace ya no vale/);
    assert.ok(!html.includes('Curso de gobierno abierto'));
  });

  it('reviewers list practices, place them in areas and get the Word file; a command without the mention gets a hint', async () => {
    const ask = async (text: string, who = reviewer) => {
      const activity = from(who, 'thread', `${who === reviewer ? TEAM : '19:other@thread.tacv2'};messageid=r1`);
      if (who !== reviewer)
        activity.channelData = { team: { id: '19:other@thread.tacv2' }, tenant: { id: 'tenant-1' } };
      activity.type = 'message';
      activity.text = text;
      const convo = (activity.conversation as { id: string }).id;
      const count = connector.textsTo(convo).length;
      assert.equal(await post(bot.url, activity), 200);
      await connector.waitFor(() => connector.textsTo(convo).length > count);
      return connector.textsTo(convo).at(-1)!;
    };
    const reference = (await new PracticeRepository(LowdbFileStore.reader(dataDir)).list())[0]!.reference;
    assert.match(await ask('<at>MESICIC</at> lista tema 9'), new RegExp(reference));
    assert.match(await ask('<at>MESICIC</at> lista situación aceptada'), new RegExp(reference));
    assert.match(await ask('<at>MESICIC</at> algo'), /Puede pedir: \*\*lista tema N\*\*/);
    // Teams hands over channel messages without the mention only with the permission to read the channel.
    assert.match(await ask('lista tema 9'), /mencióneme primero: \*\*@MESICIC lista tema 9\*\*/);
    // The team's own talk gets no answer: the next answer is the one to the command after it.
    const talk = from(reviewer, 'thread');
    talk.type = 'message';
    talk.text = 'Buenos días a todos';
    assert.equal(await post(bot.url, talk), 200);
    assert.match(await ask('<at>MESICIC</at> lista tema 9'), new RegExp(reference));
    assert.match(await ask('<at>MESICIC</at> lista tema 9', outsider), /solo para las personas revisoras/);
  });

  it('a comment written as markdown reaches the official as typed, at its field and in the notice', async () => {
    const comment = '[Corrija aquí](https://evil.example) <b>ya</b> **hoy**\n# Importante\n- uno';
    await official('nuevo');
    for (const input of panama().inputs) await official(input);
    const reference = REFERENCE.exec(await official('enviar'))![0];
    await connector.waitFor(() => inChannel().some((s) => visibleText(s.activity).includes(reference)));
    for (let i = 0; !(await onDisk(reference))?.channelPost && i < 200; i++)
      await new Promise((r) => setTimeout(r, 50));
    const closed = await submitTask({ mesicic: 'reviewReturn', reference, version: 1, 'comment-3': comment });
    assert.equal(taskOf(closed.body), undefined);
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
    const card = await waitForCard((await onDisk(reference))!.channelPost!.activityId, (t) => /Devuelta/.test(t));
    assert.ok(cardText(card).includes('[Corrija aquí](https://evil.example) <b>ya</b> **hoy**'), cardText(card));
  });
});
