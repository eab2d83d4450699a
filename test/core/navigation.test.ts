import assert from 'node:assert/strict';
import { KIND_STEP, REVIEW_STEP, SESSION_STEP, newDraft, stepsOf, type Draft } from '../../dialogs/core/draft.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import * as nav from '../../dialogs/core/navigation.js';

/* Where the official goes next, as pure Draft → Draft functions: no store, no texts, no engine. */

const NOW = '2026-12-01T10:00:00.000Z';
const PARTS = FIELDS.flatMap((f) => f.parts.map((p) => ({ field: f, part: p, id: partId(f, p) })));
const answered = (text = 'una respuesta') => ({ text, lang: 'es' as const, at: NOW });
const at = (step: string, patch: Partial<Draft> = {}): Draft => ({
  ...newDraft('d1', { id: 'aad-1' }, NOW),
  kind: 'practice',
  ...patch,
  cursor: { step, failures: 2 },
});
const multi = FIELDS.find((f) => f.parts.length > 2 && f.parts.some((p) => !p.required))!;
const optional = multi.parts.find((p) => !p.required)!;
const firstRequired = PARTS.find((p) => p.part.required)!;

describe('navigation (pure)', () => {
  it('advance goes to the next unanswered step, past answered and skipped ones, with a fresh try count', () => {
    const [a, b, c] = PARTS.map((p) => p.id);
    const draft = at(a!, { answers: { [b!]: answered() }, skipped: [c!] });
    const moved = nav.advance(draft);
    assert.equal(moved.cursor.step, PARTS[3]!.id);
    assert.equal(moved.cursor.failures, 0);
    assert.equal(draft.cursor.step, a, 'the draft given is not changed');
    const full = Object.fromEntries(PARTS.map((p) => [p.id, answered()]));
    assert.equal(nav.advance(at(a!, { answers: full })).cursor.step, REVIEW_STEP, 'nothing left: the review');
  });

  it('a session asks its name right after the kind; a good practice never does', () => {
    assert.equal(nav.advance(at(KIND_STEP, { kind: 'session' })).cursor.step, SESSION_STEP);
    assert.equal(nav.advance(at(KIND_STEP, { kind: 'practice' })).cursor.step, PARTS[0]!.id);
    assert.equal(
      nav.advance(at(SESSION_STEP, { kind: 'session', sessionName: 'Contrataciones abiertas' })).cursor.step,
      PARTS[0]!.id,
    );
  });

  it('edit N goes to the first part of field N, walks its parts, then comes back where the official was', () => {
    const last = FIELDS[FIELDS.length - 1]!;
    const start = at(REVIEW_STEP);
    const editing = nav.editField(start, multi.number)!;
    assert.deepEqual(editing.cursor, { step: partId(multi, multi.parts[0]!), failures: 0, returnTo: REVIEW_STEP });
    const second = nav.advance(editing);
    assert.equal(second.cursor.step, partId(multi, multi.parts[1]!));
    assert.equal(second.cursor.returnTo, REVIEW_STEP);
    const lastPart = nav.moveTo(second, partId(multi, multi.parts[multi.parts.length - 1]!), { returnTo: REVIEW_STEP });
    assert.equal(nav.advance(lastPart).cursor.step, REVIEW_STEP);
    assert.equal(nav.editField(start, last.number + 1), undefined, 'no such field');
  });

  it('a returned practice walks only the fields the Secretariat named', () => {
    const named = FIELDS[FIELDS.length - 2]!;
    const full = Object.fromEntries(PARTS.map((p) => [p.id, answered()]));
    const returned = at(KIND_STEP, {
      status: 'returned',
      answers: full,
      review: { fields: [named.number], comment: 'más detalle', by: 'Revisora', at: NOW },
    });
    const first = nav.advance(returned);
    assert.equal(first.cursor.step, partId(named, named.parts[0]!));
    assert.equal(nav.advance(first).cursor.step, REVIEW_STEP);
  });

  it('back steps back once, and not before the first step', () => {
    const draft = at(PARTS[1]!.id);
    assert.equal(nav.back(draft)!.cursor.step, PARTS[0]!.id);
    assert.equal(nav.back(at(KIND_STEP)), undefined);
    assert.deepEqual(stepsOf(draft)[0], KIND_STEP);
  });

  it('skip leaves an optional part empty, or a required part’s whole field for later', () => {
    const optionalId = partId(multi, optional);
    const one = nav.skip(at(optionalId))!;
    assert.equal(one.whole, false);
    assert.deepEqual(one.draft.skipped, [optionalId]);
    const whole = nav.skip(at(firstRequired.id))!;
    assert.equal(whole.whole, true);
    assert.deepEqual(
      whole.draft.skipped,
      firstRequired.field.parts.map((p) => partId(firstRequired.field, p)),
    );
    assert.ok(
      !firstRequired.field.parts.some((p) => partId(firstRequired.field, p) === whole.draft.cursor.step),
      'moved past the field',
    );
    assert.equal(nav.skip(at(KIND_STEP)), undefined);
    assert.equal(nav.skip(at(REVIEW_STEP)), undefined);
  });

  it('next keeps a shown answer, moves past an empty optional part, and has nothing to keep for an empty required one', () => {
    assert.equal(nav.canKeep(at(firstRequired.id)), false);
    assert.equal(nav.canKeep(at(firstRequired.id, { answers: { [firstRequired.id]: answered() } })), true);
    assert.equal(nav.canKeep(at(partId(multi, optional))), true);
    assert.equal(nav.canKeep(at(SESSION_STEP, { kind: 'session' })), false);
  });

  it('more reopens the answer just given (or the current one) for additions', () => {
    const [a, b] = PARTS.map((p) => p.id);
    const justGiven = nav.more(at(b!, { answers: { [a!]: answered() } }))!;
    assert.equal(justGiven.target, a);
    assert.deepEqual(justGiven.draft.cursor, { step: a, failures: 0, appending: true, returnTo: b });
    assert.equal(nav.more(at(b!))?.target, undefined, 'nothing to add to');
  });
});
