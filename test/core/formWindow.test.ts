import assert from 'node:assert/strict';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import { windowFields, writeParts } from '../../dialogs/core/formWindow.js';
import { FIELDS, partId } from '../../dialogs/core/fields.js';
import { validatePart } from '../../dialogs/core/validation.js';

/* What a form window's save does to a draft: the chat's validation, nothing typed ever lost. */

const now = new Date('2026-12-02T10:00:00Z');
const ctx = { locale: 'es' as const, now };
const practice = (): Draft => ({
  ...newDraft('d1', { id: 'o1' }, now.toISOString()),
  kind: 'practice',
  cursor: { step: 'institution.name', failures: 0 },
});

describe('form window writes (pure)', () => {
  it('saves what passes, as the chat would parse it (a State by its name becomes its code)', () => {
    const { draft, results } = writeParts(
      practice(),
      [
        { part: 'institution.name', text: '  Oficina Nacional Anticorrupción ' },
        { part: 'institution.state', text: 'República de Panamá' },
      ],
      ctx,
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['saved', 'saved'],
    );
    assert.equal(draft.answers['institution.name']!.text, 'Oficina Nacional Anticorrupción');
    assert.equal(draft.answers['institution.state']!.value, 'PA');
    assert.equal(draft.cursor.step, 'title.title', 'the chat goes on at the next unanswered step');
  });

  it('keeps what does not pass as unfinished text, with the chat’s own reason, and keeps the earlier answer', () => {
    const long = 'La oficina publica cada mes los contratos firmados, con sus montos y plazos, en un portal abierto.';
    const start = writeParts(practice(), [{ part: 'description.text', text: long }], ctx).draft;
    assert.equal(start.answers['description.text']?.text, long);
    const { draft, results } = writeParts(start, [{ part: 'description.text', text: 'Muy corta.' }], ctx);
    const result = results[0]!;
    assert.equal(result.status, 'unfinished');
    const chat = validatePart('description.text', 'Muy corta.');
    assert.ok(!chat.ok);
    assert.deepEqual(result.status === 'unfinished' && result.error, chat.error);
    assert.equal(draft.unfinished?.['description.text']?.text, 'Muy corta.');
    assert.equal(draft.answers['description.text']!.text, long, 'the saved answer is kept');
    // The window shows the unfinished text back, marked as such.
    const shown = windowFields(draft, 3)[0]!.parts[0]!;
    assert.equal(shown.text, 'Muy corta.');
    assert.equal(shown.unfinished, true);
    assert.deepEqual([shown.min, shown.max], [40, 60_000]);
    // Fixed later: the unfinished text goes.
    const fixed = writeParts(draft, [{ part: 'description.text', text: `${long} Lleva dos años y sigue.` }], ctx);
    assert.equal(fixed.draft.unfinished, undefined);
  });

  it('an emptied box never loses a required answer; an optional one is cleared', () => {
    const filled = writeParts(
      practice(),
      [
        { part: 'contact.name', text: 'Ana Pérez' },
        { part: 'contact.phone', text: '+507 500-1234' },
      ],
      ctx,
    ).draft;
    const { draft, results } = writeParts(
      filled,
      [
        { part: 'contact.name', text: '   ' },
        { part: 'contact.phone', text: '' },
      ],
      ctx,
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['saved', 'cleared'],
    );
    assert.equal(draft.answers['contact.name']!.text, 'Ana Pérez');
    assert.equal(draft.answers['contact.phone'], undefined);
  });

  it('ignores what is not a field part (the kind, a made-up id), and covers every part of the table', () => {
    const { results } = writeParts(
      practice(),
      [
        { part: 'kind', text: '2' },
        { part: 'x.y', text: 'z' },
      ],
      ctx,
    );
    assert.deepEqual(results, []);
    const all = windowFields(practice());
    assert.deepEqual(
      all.flatMap((f) => f.parts.map((p) => p.id)),
      FIELDS.flatMap((f) => f.parts.map((p) => partId(f, p))),
    );
    assert.ok(
      all.every((f) => f.parts.every((p) => p.max !== undefined)),
      'every part says its limits',
    );
  });
});
