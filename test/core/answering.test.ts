import assert from 'node:assert/strict';
import { LONG_POST_CHARS, MAX_TRIES, answer, type AnswerContext } from '../../dialogs/core/answering.js';
import { KIND_STEP, REVIEW_STEP, SESSION_STEP, newDraft, type Draft } from '../../dialogs/core/draft.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { panama } from '../fixtures/seeds.js';
import { prose } from '../support/prose.js';

/* What an answer does to a draft, as a pure function: the official's text in, the new draft and what to say out. */

const NOW = new Date('2026-12-01T10:00:00.000Z');
const ctx: AnswerContext = {
  locale: 'es',
  now: NOW,
  kindOf: (t) => (t === '1' ? 'practice' : t === '2' ? 'session' : undefined),
};
const at = (step: string, patch: Partial<Draft> = {}): Draft => ({
  ...newDraft('d1', { id: 'aad-1' }, NOW.toISOString()),
  kind: 'practice',
  ...patch,
  cursor: { step, failures: 0 },
});
const seed = panama();
const narrative = FIELDS.find((f) => f.parts.length === 1 && f.parts[0]!.remind)!;
const narrativeId = partId(narrative, narrative.parts[0]!);
// The contact card: the field whose block has the most parts.
const blockField = FIELDS.find((f) => f.key === 'contact')!;

describe('answering (pure)', () => {
  it('a valid answer is kept with its language and time, and the draft moves to the next step', () => {
    const outcome = answer(at(narrativeId), seed.expected[narrativeId]!, ctx);
    assert.equal(outcome.type, 'accepted');
    if (outcome.type !== 'accepted') return;
    assert.equal(outcome.draft.answers[narrativeId]?.text, seed.expected[narrativeId]);
    assert.equal(outcome.draft.answers[narrativeId]?.lang, 'es');
    assert.equal(outcome.draft.answers[narrativeId]?.at, NOW.toISOString());
    assert.notEqual(outcome.draft.cursor.step, narrativeId);
    assert.equal(outcome.understood.said?.key, 'answer.saved');
  });

  it('a bad answer keeps the draft where it is, counts the try, and offers a way out after MAX_TRIES', () => {
    let draft = at(narrativeId);
    for (let i = 1; i <= MAX_TRIES; i++) {
      const outcome = answer(draft, 'corto', ctx);
      assert.equal(outcome.type, 'rejected');
      if (outcome.type !== 'rejected') return;
      assert.equal(outcome.draft.cursor.step, narrativeId);
      assert.equal(outcome.draft.cursor.failures, i);
      assert.equal(outcome.offerWayOut, i >= MAX_TRIES);
      assert.match(outcome.error.key, /^errors\./);
      assert.equal(outcome.draft.answers[narrativeId], undefined, 'nothing kept');
      draft = outcome.draft;
    }
  });

  it('the kind, the session’s name, and the review (where there is nothing to answer)', () => {
    const kind = answer(at(KIND_STEP, { kind: undefined as never }), '2', ctx);
    assert.equal(kind.type === 'accepted' && kind.draft.kind, 'session');
    assert.equal(kind.type === 'accepted' && kind.draft.cursor.step, SESSION_STEP);
    assert.equal(answer(at(KIND_STEP), 'quizás', ctx).type, 'rejected');
    const session = answer(
      at(SESSION_STEP, { kind: 'session' }),
      'Contrataciones abiertas para prevenir la corrupción',
      ctx,
    );
    assert.equal(
      session.type === 'accepted' && session.draft.sessionName,
      'Contrataciones abiertas para prevenir la corrupción',
    );
    assert.equal(answer(at(SESSION_STEP, { kind: 'session' }), 'x', ctx).type, 'rejected');
    assert.deepEqual(answer(at(REVIEW_STEP), 'hola', ctx), { type: 'notAnAnswer' });
  });

  it('a post near Teams’ size limit is kept and the step stays open for the rest', () => {
    const long = prose(LONG_POST_CHARS + 1000);
    const outcome = answer(at(narrativeId), long, ctx);
    assert.equal(outcome.type, 'accepted');
    if (outcome.type !== 'accepted') return;
    assert.equal(outcome.draft.cursor.step, narrativeId);
    assert.equal(outcome.draft.cursor.appending, true);
    assert.equal(outcome.understood.said?.key, 'append.longSaved');
    const more = answer(outcome.draft, 'Y la segunda parte.', ctx);
    assert.ok(more.type === 'accepted' && more.draft.answers[narrativeId]!.text.endsWith('\n\nY la segunda parte.'));
    assert.equal(more.type === 'accepted' && more.understood.said?.key, 'answer.appended');
  });

  it('a field pasted whole fills all its parts at once; a wrong part is asked again alone, the others kept', () => {
    const first = partId(blockField, blockField.parts[0]!);
    const paste = 'María Pérez Quintero\nDirectora de Transparencia\nmaria.perez@antai.gob.pa\n+507 527 9270';
    const outcome = answer(at(first), paste, ctx);
    assert.equal(outcome.type, 'accepted');
    if (outcome.type !== 'accepted') return;
    const kept = blockField.parts.filter((p) => outcome.draft.answers[partId(blockField, p)]);
    assert.ok(kept.length >= 2, 'several parts from one message');
    assert.equal(outcome.understood.parts?.length, kept.length);
    // The e-mail is found, but the phone is not one: the other parts are kept and the cursor is on the phone.
    const bad = answer(
      at(first),
      'María Pérez Quintero\nDirectora de Transparencia\nmaria.perez@antai.gob.pa\n+507 527 9270 extensión 1234567890123456789012345678901234567890',
      ctx,
    );
    assert.equal(bad.type, 'rejected');
    if (bad.type !== 'rejected') return;
    assert.equal(bad.inPart?.part.key, 'phone', 'says which part is wrong');
    assert.equal(bad.draft.cursor.step, 'contact.phone');
    assert.deepEqual(Object.keys(bad.draft.answers).sort(), ['contact.email', 'contact.name', 'contact.position']);
    assert.equal(bad.kept?.parts?.length, 3, 'the kept parts are there to acknowledge');
  });
});
