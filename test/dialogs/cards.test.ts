import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { createCatalog } from '../../bot/i18n.js';
import { questionCard, reviewCard } from '../../dialogs/cards/cards.js';
import { unescapeCardText } from '../../dialogs/cards/escape.js';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { mexico } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { cardOf, visibleText } from '../support/visible.js';
import { world } from '../support/world.js';

type Node = Record<string, unknown>;

function find(node: unknown, test: (n: Node) => boolean, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => find(n, test, out));
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (test(n)) out.push(n);
    for (const v of Object.values(n)) if (typeof v === 'object') find(v, test, out);
  }
  return out;
}

const actions = (card: Node | undefined) => find(card, (n) => n.type === 'Action.Submit');
const action = (card: Node | undefined, title: string) => {
  const a = actions(card).find((x) => x.title === title);
  assert.ok(
    a,
    `no "${title}" button; buttons: ${actions(card)
      .map((x) => String(x.title))
      .join(', ')}`,
  );
  return a.data as Record<string, unknown>;
};

/** The answer an official gives through a card: picks from the card's choices, or types into its text box. */
function fill(card: Node, text: string): Record<string, unknown> {
  const choice = find(card, (n) => n.type === 'Input.ChoiceSet')[0];
  if (!choice) return { text };
  const choices = choice.choices as Array<{ title: string; value: string }>;
  const wanted =
    text === '1'
      ? '1'
      : choices.find((c) => text.includes(c.title) || c.title.startsWith(text) || text.includes(`${c.value}:`))?.value;
  return { choice: wanted ?? text };
}

describe('Adaptive Cards (dialog)', () => {
  it('a full submission by clicking the cards: question cards with progress and choices, review with Edit per field, receipt', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-cards', name: 'Eduardo' });
    const home = cardOf(chat.last ?? {}) ?? (await chat.say('hola'), cardOf(chat.last!));
    await chat.click(action(home, 'Nueva presentación'));
    const seed = mexico();
    const typed: Record<string, string> = { 'institution.state': 'México', 'title.provisions': 'III.11' };
    let card = cardOf(chat.last!)!;
    assert.equal(card.version, '1.5');
    const inputs = [
      '1',
      ...FIELDS.flatMap((f) => f.parts.map((p) => typed[partId(f, p)] ?? seed.expected[partId(f, p)] ?? '')),
    ];
    for (const input of inputs) {
      card = cardOf(chat.last!)!;
      const save = action(card, 'Guardar');
      const reply =
        input === '' ? await chat.click(action(card, 'Omitir')) : await chat.click({ ...save, ...fill(card, input) });
      assert.doesNotMatch(reply, /Inténtelo de nuevo/, `refused: ${input.slice(0, 50)}`);
    }
    const review = cardOf(chat.last!)!;
    assert.match(visibleText(chat.last!), /Todo está completo/);
    assert.equal(actions(review).filter((a) => a.title === 'Editar').length, FIELDS.length, 'an Edit button per field');
    assert.match(visibleText(chat.last!), /Secretaría de la Función Pública/);

    const receipt = await chat.click(action(review, 'Enviar a la Secretaría'));
    assert.match(receipt, /MESICIC-BP-\d{4}-0001/);
    const record = (await w.practices.list())[0]!;
    assert.equal(record.state, 'MX');
    assert.deepEqual(record.provisions, ['III.11']);
    assert.equal(record.answers['description.text']?.text, seed.expected['description.text']);
  });

  it('redraws an answered card in place without buttons, and answers a stale card with "already done"', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-stale' });
    await chat.say('nuevo');
    await chat.say('1');
    const nameCard = { ...chat.last! } as Partial<Activity>;
    const save = action(cardOf(nameCard), 'Guardar');
    await chat.click({ ...save, text: 'Oficina Anticorrupción' }, nameCard.id);
    const updated = chat.updates.at(-1)!;
    assert.equal(updated.id, nameCard.id, 'the answered card is the one updated');
    assert.match(
      visibleText(updated),
      new RegExp(`Campo 1 de ${FIELDS.length}: Institución[\\s\\S]*✓ Oficina Anticorrupción`),
    );
    assert.equal(actions(cardOf(updated)).length, 0, 'no buttons left');

    const stale = await chat.click({ ...save, text: 'Otra institución' }, nameCard.id);
    assert.match(stale, /Este paso ya está hecho/);
    const draft = (await w.drafts.listByOwner('aad-stale'))[0]!;
    assert.equal(draft.answers['institution.name']?.text, 'Oficina Anticorrupción', 'the old card changed nothing');
    assert.equal(draft.cursor.step, 'institution.state');
  });

  it("refuses card actions on another official's draft, even with its id", async () => {
    const w = await world();
    const owner = new Chat(w, { aad: 'aad-owner' });
    await owner.say('nuevo');
    await owner.say('1');
    const data = action(cardOf(owner.last!), 'Guardar');
    const thief = new Chat(w, { aad: 'aad-thief' });
    assert.match(await thief.click({ ...data, text: 'Institución falsa' }), /Este paso ya está hecho/);
    assert.match(await thief.click({ mesicic: 'submit', draftId: data.draftId }), /Este paso ya está hecho/);
    const draft = (await w.drafts.listByOwner('aad-owner'))[0]!;
    assert.equal(draft.answers['institution.name'], undefined);
    assert.deepEqual(await w.drafts.listByOwner('aad-thief'), []);
  });

  it('shows user text in cards as typed: markdown, links and HTML cannot change the card', async () => {
    const w = await world();
    const chat = new Chat(w, { aad: 'aad-escape' });
    await chat.say('nuevo');
    await chat.say('1');
    const evil = '**Negrita** [enlace](https://evil.example) <b>html</b> # título';
    await chat.say(evil);
    await chat.say('Panamá');
    await chat.say('editar 1');
    const card = cardOf(chat.last!)!;
    const current = find(
      card,
      (n) => n.type === 'TextBlock' && typeof n.text === 'string' && n.text.includes('Negrita'),
    )[0]!;
    assert.ok(!String(current.text).includes('**Negrita**'), 'markdown is escaped');
    assert.ok(!String(current.text).includes('<b>'), 'HTML is neutralised');
    assert.ok(!String(current.text).includes('](https'), 'links are escaped');
    assert.match(
      visibleText(chat.last!),
      /\*\*Negrita\*\* \[enlace\]\(https:\/\/evil\.example\) <b>html<\/b> # título/,
      'and reads as typed',
    );
  });
});

describe('Card drawing', () => {
  const narrative = FIELDS.find((f) => f.parts.length === 1)!;
  const step = partId(narrative, narrative.parts[0]!);
  const at = (id: string, owner: string, text?: string): Draft => ({
    ...newDraft(id, { id: owner }, '2026-03-01T00:00:00Z'),
    kind: 'practice',
    cursor: { step, failures: 0 },
    answers: text === undefined ? {} : { [step]: { text, lang: 'es', at: '2026-03-01T00:00:00Z' } },
  });
  const draftIds = (card: Node) => new Set(actions(card).map((a) => (a.data as Record<string, unknown>).draftId));

  it("draws each official's card from their own data: same step, same language, same progress, never another's draft id or answer", async () => {
    const tx = (await createCatalog()).texts('es');
    const long = 'Una respuesta larga y sostenible. '.repeat(2_000); // ~60 KB, as a narrative may be
    const first = questionCard(tx, at('draft-ana', 'aad-ana', long));
    const other = questionCard(tx, at('draft-luis', 'aad-luis', `${long}!`));
    const blank = [questionCard(tx, at('draft-eva', 'aad-eva')), questionCard(tx, at('draft-ines', 'aad-ines'))];
    assert.deepEqual([...draftIds(first)], ['draft-ana']);
    assert.deepEqual([...draftIds(other)], ['draft-luis']);
    assert.deepEqual(
      blank.map((c) => [...draftIds(c)]),
      [['draft-eva'], ['draft-ines']],
      'identical drafts but for the id',
    );
    assert.ok(
      !JSON.stringify(other).includes('draft-ana') && JSON.stringify(other).includes(long.slice(0, 200)),
      "Luis's card shows his answer",
    );
    // A 60 KB answer is not put in the box: the card must stay under Teams' ~28 KB per message.
    assert.ok(JSON.stringify(other).length < 28_000, `${JSON.stringify(other).length} bytes`);
    const short = questionCard(tx, at('draft-sol', 'aad-sol', 'Una respuesta corta y sostenible en el tiempo.'));
    assert.ok(JSON.stringify(short).includes('"value":"Una respuesta corta y sostenible en el tiempo."'), 'prefilled');
    assert.ok(!JSON.stringify(blank[0]).includes(long.slice(0, 40)), "a blank draft shows no one else's answer");
    const review = reviewCard(tx, { ...at('draft-luis', 'aad-luis'), cursor: { step: 'review', failures: 0 } });
    assert.deepEqual(
      [...draftIds(review)],
      ['draft-luis'],
      'every Edit button and Submit carry the draft they were drawn for',
    );
  });

  it('hands out a card no later card shares: changing one changes nothing drawn afterwards', async () => {
    const tx = (await createCatalog()).texts('es');
    const before = questionCard(tx, at('draft-ana', 'aad-ana'));
    const expected = structuredClone(before);
    for (const a of actions(before)) (a.data as Record<string, unknown>).draftId = 'draft-mallory';
    (before.body as Node[]).length = 0;
    assert.deepEqual(questionCard(tx, at('draft-ana', 'aad-ana')), expected);
  });
});

describe('The review card fits a screen', () => {
  it('each field a short preview with "show all" for the rest; the whole card under Teams’ 28 KB', async () => {
    const tx = (await createCatalog()).texts('es');
    const seed = mexico();
    const long = 'Una respuesta larga sobre la sostenibilidad de la práctica. '.repeat(1_000);
    const answers = Object.fromEntries(
      Object.entries(seed.expected).map(([id, text]) => [
        id,
        { text: id.endsWith('.text') ? long : text, lang: 'es' as const, at: '2026-03-01T00:00:00Z' },
      ]),
    );
    const draft: Draft = {
      ...newDraft('d-review', { id: 'aad-r' }, '2026-03-01T00:00:00Z'),
      kind: 'practice',
      answers,
      cursor: { step: 'review', failures: 0 },
    };
    const card = reviewCard(tx, draft);
    assert.ok(JSON.stringify(card).length < 28_000, `${JSON.stringify(card).length} bytes`);
    // Text that escapes to much more (markdown in every answer, several bytes a character) still fits.
    const heavy = '**_[x]_** 报告 '.repeat(2_000);
    const marked = Object.fromEntries(
      Object.entries(answers).map(([id, a]) => [id, id.endsWith('.text') ? { ...a, text: heavy } : a]),
    );
    const big = reviewCard(tx, { ...draft, answers: marked });
    assert.ok(Buffer.byteLength(JSON.stringify(big)) <= 24_000, `${Buffer.byteLength(JSON.stringify(big))} bytes`);
    const texts = new Map<string, { text: string; isVisible?: boolean }>();
    const walk = (n: unknown): void => {
      if (Array.isArray(n)) return n.forEach(walk);
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.id === 'string')
        texts.set(o.id, o as { text: string; isVisible?: boolean });
      Object.values(o).forEach(walk);
    };
    walk(card);
    const toggles = find(card, (n) => n.type === 'Action.ToggleVisibility');
    assert.ok(toggles.length >= 9, 'a "show all" for each long answer');
    for (const t of toggles) {
      const [preview, full] = (t as unknown as { targetElements: string[] }).targetElements;
      assert.ok(unescapeCardText(texts.get(preview!)!.text).length <= 141, 'a short preview, as written');
      assert.equal(texts.get(full!)!.isVisible, false, 'the rest hidden until asked');
      assert.ok(unescapeCardText(texts.get(full!)!.text).length > unescapeCardText(texts.get(preview!)!.text).length);
    }
  });
});
