import assert from 'node:assert/strict';
import type { Answer } from '../../dialogs/core/draft.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { changedFields, versionDiff, wordRuns } from '../../dialogs/core/versionDiff.js';
import { panama } from '../fixtures/seeds.js';

const answer = (text: string): Answer => ({ text, lang: 'es', at: '2026-01-01T00:00:00.000Z' });
const answersOf = (texts: Record<string, string>) =>
  Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, answer(v)]));
/** The old text again, from the runs: what was there and what was taken out. */
const before = (runs: ReturnType<typeof wordRuns>) =>
  runs
    .filter((r) => r.kind !== 'added')
    .map((r) => r.text)
    .join('');
const after = (runs: ReturnType<typeof wordRuns>) =>
  runs
    .filter((r) => r.kind !== 'removed')
    .map((r) => r.text)
    .join('');

describe('versionDiff: what changed between two versions of a practice', () => {
  it('marks words added and removed, and the runs give back both texts exactly', () => {
    const old = 'El curso se ofrece  desde 2021\nen la academia.';
    const now = 'El curso virtual se ofrece desde 2020\nen la academia ANTAI.';
    const runs = wordRuns(old, now);
    assert.equal(before(runs), old);
    assert.equal(after(runs), now);
    const marked = (kind: string) =>
      runs
        .filter((r) => r.kind === kind)
        .map((r) => r.text.trim())
        .filter(Boolean);
    assert.deepEqual(marked('added'), ['virtual', '2020', 'ANTAI']);
    assert.deepEqual(marked('removed'), ['2021']);
  });

  it('names exactly the fields whose text changed, in the table’s order, every field of the table compared', () => {
    const v1 = answersOf(panama().expected);
    const v2 = {
      ...v1,
      'description.text': answer(`${v1['description.text']!.text} Sostenible desde 2021.`),
      'implementation.text': answer('Costo anual de 9.630 dólares.'),
    };
    const changes = versionDiff(v1, v2);
    assert.equal(changes.length, FIELDS.length);
    assert.deepEqual(changedFields(changes), [3, 6]);
    const description = changes.find((c) => c.field.number === 3)!.parts[0]!;
    assert.deepEqual(
      description.runs.filter((r) => r.kind !== 'same').map((r) => [r.kind, r.text]),
      [['added', ' Sostenible desde 2021.']],
    );
  });

  it('an answer given or taken away, and a reader’s own way of showing answers, count as changes', () => {
    const changes = versionDiff(
      answersOf({ 'title.topic': 'Gobierno abierto' }),
      answersOf({ 'contact.phone': '+507 1' }),
      {
        show: (a) => (a ? a.text.toUpperCase() : ''),
      },
    );
    const title = changes.find((c) => c.field.key === 'title')!;
    const topic = title.parts.find((p) => p.id === 'title.topic')!;
    assert.deepEqual(topic.runs, [{ kind: 'removed', text: 'GOBIERNO ABIERTO' }]);
    assert.deepEqual(changedFields(changes), [2, 12]);
  });

  it('two texts too different to mark word by word are shown replaced whole', () => {
    const words = (seed: number) => Array.from({ length: 3_000 }, (_, i) => `w${(i * seed) % 9973}`).join(' ');
    const runs = wordRuns(words(7), words(13));
    assert.deepEqual(
      runs.map((r) => r.kind),
      ['removed', 'added'],
    );
  });
});
