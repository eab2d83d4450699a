import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FIELDS, fieldOf, partId } from '../../dialogs/core/fields.js';
import type { Draft } from '../../dialogs/core/draft.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { panama } from '../fixtures/seeds.js';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';

/*
 * Random conversations against the real dialog and engine (in memory, no server). After every message: the
 * bot answered with something to read, and no answer saved earlier was lost or changed, except the one the
 * official just gave for that same part (the bot said "Guardado" or "Añadido"). The model of what must be
 * kept is built only from what the bot told the official.
 */

const SEED = panama();
const PARTS: string[] = FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p)));
/** The Panama text for each step ("1" for the kind of submission). */
const RIGHT = new Map<string, string>([
  ['kind', '1'],
  ...PARTS.map((p, i): [string, string] => [p, SEED.inputs[i + 1]!]),
]);
const INVALID = ['x', 'no', '..', '12', 'ok', '?', 'abc', 'Perú?', 'sí', '—'];
const COMMANDS = [
  'ayuda',
  'estado',
  'atrás',
  'omitir',
  'siguiente',
  'más',
  'revisar',
  'enviar',
  'cancelar',
  'continuar',
  'nuevo',
  'help',
  'status',
  'back',
  'skip',
];

/** "@right" stands for the Panama answer to whatever step the official is at; anything else is sent as is. */
const message = (right: number) =>
  fc.oneof(
    { weight: right, arbitrary: fc.constant('@right') },
    { weight: 3, arbitrary: fc.constantFrom(...SEED.inputs.filter((t) => t !== 'omitir')) },
    { weight: 2, arbitrary: fc.constantFrom(...INVALID) },
    { weight: 4, arbitrary: fc.constantFrom(...COMMANDS) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 14 }).map((n) => `editar ${n}`) },
  );
/** Wandering conversations, and focused ones that mostly answer and so reach the review and "enviar". */
const conversation = fc
  .tuple(
    fc.boolean(),
    fc.oneof(
      fc.array(message(6), { minLength: 1, maxLength: 40, size: 'max' }),
      fc.array(message(60), { minLength: 20, maxLength: 40, size: 'max' }),
    ),
  )
  .map(([start, rest]) => (start ? ['nuevo', '@right', ...rest] : rest));

const AAD = 'aad-property';
const SAVED = /Guardado|Añadido/;

type Model = Map<string, Map<string, string>>;

async function run(messages: string[]): Promise<void> {
  const w = await world(new MemoryStore());
  const chat = new Chat(w, { aad: AAD });
  const model: Model = new Map();
  const log: string[] = [];

  const active = async (): Promise<Draft | undefined> => {
    const id = (await w.profiles.get(AAD)).activeDraftId;
    const d = id ? await w.drafts.get(AAD, id) : undefined;
    return d && (d.status === 'draft' || d.status === 'returned') ? d : undefined;
  };

  for (const planned of messages) {
    const before = await active();
    const text = planned === '@right' ? (before ? (RIGHT.get(before.cursor.step) ?? 'enviar') : 'nuevo') : planned;
    const reply = await chat.say(text);
    log.push(`> ${text.slice(0, 50)}\n< ${reply.slice(0, 120).replace(/\n/g, ' ')}`);
    const where = () => `after:\n${log.slice(-8).join('\n')}`;
    assert.ok(reply.trim().length > 0, `an empty reply ${where()}`);

    // Which parts may have changed: only those of the step the official was answering, and only if the bot said so.
    const allowed = new Set<string>();
    const saved = !!before && SAVED.test(reply) && PARTS.includes(before.cursor.step);
    if (saved) for (const p of fieldOf(before.cursor.step)!.parts) allowed.add(partId(fieldOf(before.cursor.step)!, p));

    for (const d of await w.drafts.listByOwner(AAD)) {
      const expected = model.get(d.id) ?? new Map<string, string>();
      const isTarget = saved && d.id === before.id;
      for (const [part, kept] of expected) {
        if (isTarget && allowed.has(part)) continue;
        assert.equal(
          d.answers[part]?.text,
          kept,
          `${part} of draft ${d.id.slice(0, 8)} was ${d.answers[part] ? 'changed' : 'lost'} ${where()}`,
        );
      }
      for (const part of Object.keys(d.answers)) {
        if (expected.has(part) || (isTarget && allowed.has(part))) continue;
        assert.fail(`${part} of draft ${d.id.slice(0, 8)} was saved without "Guardado"/"Añadido" ${where()}`);
      }
      if (isTarget) {
        const step = before.cursor.step;
        const now = d.answers[step]?.text;
        // The bot's word is checked too: what it said it saved is what is stored.
        if (/Añadido/.test(reply))
          assert.equal(now, `${before.answers[step]?.text}\n\n${text.trim()}`, `appended ${where()}`);
        else if (/Guardado ✓ \(/.test(reply)) assert.equal(now, text.trim(), `saved ${where()}`);
        const next = new Map(expected);
        for (const part of allowed) {
          const t = d.answers[part]?.text;
          if (t === undefined) next.delete(part);
          else next.set(part, t);
        }
        model.set(d.id, next);
      } else if (!model.has(d.id)) model.set(d.id, new Map(expected));
    }
  }
}

describe('trust: random conversations never lose a saved answer', function () {
  this.timeout(60_000);

  it('after every message the bot answers, and saved answers change only when the official answers that part again', async () => {
    await fc.assert(fc.asyncProperty(conversation, run), {
      numRuns: Number(process.env.TRUST_RUNS ?? 100),
      ...(process.env.TRUST_SEED ? { seed: Number(process.env.TRUST_SEED) } : {}),
    });
  });
});
