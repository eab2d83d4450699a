import assert from 'node:assert/strict';
import { startBot, type Running } from '../support/running.js';
import { exchange } from '../support/say.js';
import { teamsMessage } from '../support/teams.js';
import { visibleText } from '../support/visible.js';
import { ALICE, AUDIENCE, BRUNO, startIdp, type Idp } from '../tab/fixtures.js';

/*
 * The form window over HTTP, with the real server, a connector stand-in and an Azure AD stand-in: the question
 * card's button asks Teams to open the bot's page (task/fetch), the page reads and writes the official's own
 * draft with the chat's validation, and closing it with "Done" (task/submit) brings the chat to the right step.
 */

interface Card {
  body: Array<{ type: string; id?: string; value?: string; text?: string }>;
  actions?: Array<{ title: string; data?: Record<string, unknown> }>;
}

async function invoke(running: Running, name: string, data: Record<string, unknown>, aad = ALICE) {
  const activity = {
    ...teamsMessage({ serviceUrl: running.connector.url, aad, text: '' }),
    type: 'invoke',
    name,
    value: { data, context: { theme: 'default' } },
  };
  delete (activity as { text?: string }).text;
  const res = await fetch(`${running.bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, activity };
}

describe('HTTP: the form window (Teams dialog) writes into the chat’s draft', function () {
  this.timeout(60_000);
  let running: Running;
  let idp: Idp;
  before(async () => {
    idp = await startIdp();
    running = await startBot(() => ({
      TAB_SSO_AUDIENCE: AUDIENCE,
      TAB_OPENID_CONFIG_URL: idp.configUrl,
      RATE_LIMIT_PER_MINUTE: '20',
    }));
  });
  after(async () => {
    await running.stop();
    await idp.close();
  });

  const lastCard = (id: string | undefined): Card => {
    const sent = running.connector.sent.filter((c) => c.activity.replyToId === id && c.activity.attachments?.length);
    return sent.at(-1)!.activity.attachments![0]!.content as Card;
  };
  const api = async (method: string, draftId: string, token: string | undefined, body?: unknown, query = '') =>
    fetch(`${running.bot.url}/api/form/drafts/${encodeURIComponent(draftId)}?lang=es${query}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('opens from the question card, saves with the chat’s messages, and the chat goes on at the next step', async () => {
    const { bot, connector } = running;
    await exchange(bot.url, connector, { aad: ALICE, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad: ALICE, text: '1' });
    const card = lastCard(activity.id);
    const button = card.actions?.find((a) => a.data?.mesicic === 'form');
    assert.ok(button, 'the question card offers the larger window');
    assert.equal(button.title, 'Escribir en una ventana más grande');
    assert.deepEqual((button.data as { msteams?: unknown }).msteams, { type: 'task/fetch' });

    const fetched = await invoke(running, 'task/fetch', button.data!);
    assert.equal(fetched.status, 200);
    const task = fetched.body.task as { type: string; value: { url: string; title: string } };
    assert.equal(task.type, 'continue');
    const url = new URL(task.value.url);
    assert.equal(url.pathname, '/form');
    assert.equal(url.searchParams.get('field'), '1');
    assert.match(task.value.title, /campo 1/);
    const draftId = url.searchParams.get('draft')!;

    // The page itself is served with a CSP that lets Teams frame it.
    const page = await fetch(task.value.url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors[^;]*teams\.microsoft\.com/);

    const token = await idp.token(ALICE);
    const read = (await (await api('GET', draftId, token, undefined, '&field=1')).json()) as {
      fields: Array<{ number: number; parts: Array<{ id: string; min?: number; max?: number; label: string }> }>;
    };
    assert.deepEqual(
      read.fields.map((f) => f.number),
      [1],
    );
    const [name, state] = read.fields[0]!.parts;
    assert.equal(name!.id, 'institution.name');
    assert.deepEqual([name!.min, name!.max], [3, 300], 'the counter knows the field’s limits');
    assert.match(state!.label, /Estado Parte/);

    // Too short: the chat's own message, and the text kept as unfinished (shown back, never lost).
    const short = (await (
      await api('PUT', draftId, token, { lang: 'es', writes: [{ part: 'institution.name', text: 'ab' }] })
    ).json()) as { results: Array<{ part: string; status: string; message?: string }> };
    assert.equal(short.results[0]!.status, 'unfinished');
    const why = short.results[0]!.message!.replace(/^Guardado como texto sin terminar: /, '');
    assert.match(why, /escriba al menos 3/);
    // The very words the chat uses for the same answer typed there.
    for (const text of ['nuevo', '1']) await exchange(bot.url, connector, { aad: BRUNO, text });
    const typed = await exchange(bot.url, connector, { aad: BRUNO, text: 'ab' });
    assert.ok(typed.replies.join('\n').includes(why), 'the window says what the chat says');
    const again = (await (await api('GET', draftId, token, undefined, '&field=1')).json()) as {
      fields: Array<{ parts: Array<{ text: string; unfinished: boolean; error?: string }> }>;
    };
    assert.equal(again.fields[0]!.parts[0]!.text, 'ab');
    assert.equal(again.fields[0]!.parts[0]!.unfinished, true);
    assert.match(again.fields[0]!.parts[0]!.error ?? '', /al menos 3/);

    // A State by its name, an institution: both saved, as typed answers would be.
    const good = (await (
      await api('PUT', draftId, token, {
        lang: 'es',
        writes: [
          { part: 'institution.name', text: 'Autoridad Nacional de Transparencia y Acceso a la Información' },
          { part: 'institution.state', text: 'Panamá' },
        ],
      })
    ).json()) as { results: Array<{ status: string }>; progress: string };
    assert.deepEqual(
      good.results.map((r) => r.status),
      ['saved', 'saved'],
    );
    assert.match(good.progress, /^1 de 12/);

    // "Done": the chat continues at the next step (the title), in one card.
    const before = connector.sent.length;
    const closed = await invoke(running, 'task/submit', { mesicic: 'form', draftId, done: true });
    assert.equal(closed.status, 200);
    const after = connector.sent.slice(before).filter((c) => c.activity.attachments?.length);
    assert.equal(after.length, 1, 'one new card');
    assert.match(visibleText(after[0]!.activity), /Campo 2 de 12/);
  });

  it('answers only the draft’s owner, and a caller without a token not at all', async () => {
    const { bot, connector } = running;
    const aad = 'aaaaaaaa-0000-4000-8000-0000000000cc';
    await exchange(bot.url, connector, { aad, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1' });
    const button = lastCard(activity.id).actions!.find((a) => a.data?.mesicic === 'form')!;
    const draftId = String(button.data!.draftId);
    assert.equal((await api('GET', draftId, undefined)).status, 401);
    const other = await idp.token(BRUNO);
    assert.equal((await api('GET', draftId, other)).status, 404, 'another official: as if it did not exist');
    const put = await api('PUT', draftId, other, { writes: [{ part: 'institution.name', text: 'Intrusa S.A.' }] });
    assert.equal(put.status, 404);
    // Another official's task/fetch for this draft: Teams shows a message box, never the page.
    const fetched = await invoke(running, 'task/fetch', button.data!, BRUNO);
    assert.equal((fetched.body.task as { type: string }).type, 'message');
  });

  it('a script saving in a loop is slowed (429, Retry-After), and what was saved before stays', async () => {
    const { bot, connector } = running;
    const aad = 'aaaaaaaa-0000-4000-8000-0000000000dd';
    await exchange(bot.url, connector, { aad, text: 'nuevo' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1' });
    const draftId = String(lastCard(activity.id).actions!.find((a) => a.data?.mesicic === 'form')!.data!.draftId);
    const token = await idp.token(aad);
    const statuses: number[] = [];
    let retryAfter = '';
    for (let i = 0; i < 45; i++) {
      const res = await api('PUT', draftId, token, { writes: [{ part: 'institution.name', text: `Oficina ${i}` }] });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after') ?? '';
      await res.arrayBuffer();
    }
    assert.ok(
      statuses.slice(0, 30).every((s) => s === 200),
      'a window’s pace is never refused',
    );
    assert.ok(statuses.includes(429), 'a loop is');
    assert.match(retryAfter, /^[1-9]\d*$/);
    const read = (await (await api('GET', draftId, token)).json()) as {
      fields: Array<{ parts: Array<{ id: string; text: string }> }>;
    };
    const kept = read.fields[0]!.parts.find((p) => p.id === 'institution.name')!.text;
    assert.match(kept, /^Oficina \d+$/);
  });

  it('the page speaks the four languages, and the draft is read in the official’s', async () => {
    const html = await (await fetch(`${running.bot.url}/form`)).text();
    const block = /<script type="application\/json" id="form-texts">([\s\S]*?)<\/script>/.exec(html)![1]!;
    const texts = JSON.parse(block) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(texts).sort(), ['en', 'es', 'fr', 'pt']);
    for (const lang of ['en', 'pt', 'fr']) {
      assert.deepEqual(Object.keys(texts[lang]!).sort(), Object.keys(texts.es!).sort(), lang);
      assert.notEqual(texts[lang]!.done, texts.es!.done, `${lang} is not Spanish`);
      for (const [key, value] of Object.entries(texts[lang]!))
        assert.ok(value && !value.startsWith('formWindow.'), `${lang}.${key}`);
    }
    // An official who writes in French sees the fields' words in French.
    const { bot, connector } = running;
    const aad = 'aaaaaaaa-0000-4000-8000-0000000000ee';
    await exchange(bot.url, connector, { aad, text: 'bonjour', locale: 'fr-FR' });
    await exchange(bot.url, connector, { aad, text: 'nouveau', locale: 'fr-FR' });
    const { activity } = await exchange(bot.url, connector, { aad, text: '1', locale: 'fr-FR' });
    const draftId = String(lastCard(activity.id).actions!.find((a) => a.data?.mesicic === 'form')!.data!.draftId);
    const res = await fetch(`${bot.url}/api/form/drafts/${draftId}?lang=fr&field=3`, {
      headers: { authorization: `Bearer ${await idp.token(aad)}` },
    });
    const body = (await res.json()) as { lang: string; fields: Array<{ label: string }> };
    assert.equal(body.lang, 'fr');
    assert.equal(body.fields[0]!.label, 'Description de la bonne pratique');
  });
});
