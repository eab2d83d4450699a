import assert from 'node:assert/strict';
import {
  filterPractices,
  groupByArea,
  semesterOf,
  thematicAreas,
  type Classified,
} from '../../dialogs/core/classify.js';
import { THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import { mexico, panama } from '../fixtures/seeds.js';
import { recordOf } from './records.js';

const ids = (r: Classified) => thematicAreas(r).map((a) => a.id);

describe('Classifying practices', () => {
  const pa = recordOf(panama(), { reference: 'MESICIC-BP-2026-0001' });
  const mx = recordOf(mexico(), {
    reference: 'MESICIC-BP-2026-0002',
    submittedAt: '2026-08-02T10:00:00.000Z',
    status: 'accepted',
  });

  it('files both real submissions under area 12 (civil society participation) through III.11', () => {
    for (const r of [pa, mx]) {
      assert.deepEqual(r.provisions, ['III.11']);
      assert.deepEqual(ids(r), [12]);
      assert.match(thematicAreas(r)[0]!.en, /^Mechanisms to encourage participation by civil society/);
    }
  });

  it('matches provisions exactly, keeps the cited order, and leaves a bare "III" for a reviewer', () => {
    assert.deepEqual(ids({ ...pa, provisions: ['IX', 'III.11'] }), [15, 12]);
    assert.deepEqual(ids({ ...pa, provisions: ['III.1'] }), [2, 6, 8]);
    assert.deepEqual(ids({ ...pa, provisions: ['III'] }), []);
    assert.deepEqual(ids({ ...pa, provisions: ['III.2', 'XVI'] }), []);
  });

  it("uses a reviewer's areas instead, ignoring unknown ids; an empty list falls back to the provisions", () => {
    assert.deepEqual(ids({ ...pa, areas: [3, 99, 12, 3] }), [3, 12]);
    assert.deepEqual(ids({ ...pa, areas: [] }), [12]);
  });

  it('cuts semesters at 1 July, 00:00 UTC', () => {
    assert.equal(semesterOf('2026-01-01T00:00:00.000Z'), '2026-S1');
    assert.equal(semesterOf('2026-06-30T23:59:59.999Z'), '2026-S1');
    assert.equal(semesterOf('2026-07-01T00:00:00.000Z'), '2026-S2');
    assert.equal(semesterOf('2026-12-31T23:59:59.999Z'), '2026-S2');
    assert.equal(semesterOf('2026-07-01T01:00:00+02:00'), '2026-S1');
    assert.equal(semesterOf('2026-12-31T22:00:00-03:00'), '2027-S1');
    assert.throws(() => semesterOf('not a date'), /Not a date/);
  });

  it("does not depend on the server's time zone", () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: already 1 July there
      assert.equal(semesterOf('2026-06-30T12:00:00.000Z'), '2026-S1');
      assert.equal(semesterOf('2026-12-31T20:00:00.000Z'), '2026-S2');
      process.env.TZ = 'Pacific/Pago_Pago'; // UTC-11: still 30 June there
      assert.equal(semesterOf('2026-07-01T05:00:00.000Z'), '2026-S2');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('filters by State, status, semester and area', () => {
    const all = [pa, mx, { ...pa, reference: 'X', provisions: ['III'] }];
    const refs = (f: Parameters<typeof filterPractices>[1]) => filterPractices(all, f).map((r) => r.reference);
    assert.deepEqual(refs({ state: 'mx' }), [mx.reference]);
    assert.deepEqual(refs({ status: 'accepted' }), [mx.reference]);
    assert.deepEqual(refs({ semester: '2026-S1' }), [pa.reference, 'X']);
    assert.deepEqual(refs({ area: 12 }), [pa.reference, mx.reference]);
    assert.deepEqual(refs({ area: 'none' }), ['X']);
    assert.deepEqual(refs({ area: 12, state: 'PA', semester: '2026-S2' }), []);
  });

  it('searches title, institution and answers ignoring case and accents; every word must match', () => {
    const marked = { ...pa, reference: 'M', institution: 'Oficina del Ñandú', title: 'Índice Ágil de integridad' };
    const refs = (text: string) => filterPractices([pa, mx, marked], { text }).map((r) => r.reference);
    assert.deepEqual(refs('NANDU'), ['M']); // institution
    assert.deepEqual(refs('indice agil'), ['M']); // title
    assert.deepEqual(refs('RENDICION'), [mx.reference]); // "rendición", only in Mexico's answers
    assert.deepEqual(refs('software  LICENCIAMIENTO'), [mx.reference]); // field 3, any order and spacing
    assert.deepEqual(refs('gobabiertomx'), [mx.reference]); // field 11
    assert.deepEqual(refs('rendición ñandú'), []);
    assert.deepEqual(refs(''), [pa.reference, mx.reference, 'M']);
  });

  it('groups by area id, the unclassified last, a practice under every area, by State name then reference', () => {
    const r = (reference: string, state: string, provisions: string[]) => ({ ...pa, reference, state, provisions });
    const groups = groupByArea([
      r('B-5', 'PA', ['III.11']),
      r('B-4', 'MX', ['III.11']),
      r('B-3', 'III', ['III']),
      r('B-2', 'MX', ['III.11']),
      r('B-1', 'AR', ['III.1', 'III.11']),
      r('B-0', 'PE', ['IX']),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.area?.id ?? null, g.practices.map((p) => p.reference)]),
      [
        [2, ['B-1']],
        [6, ['B-1']],
        [8, ['B-1']],
        [12, ['B-1', 'B-2', 'B-4', 'B-5']],
        [15, ['B-0']],
        [null, ['B-3']],
      ],
    );
  });

  it('never files a procurement practice silently under hiring: III.5 is both areas, until a reviewer chooses', () => {
    const procurement = { ...pa, reference: 'P', provisions: ['III.5'] };
    const hiring = THEMATIC_AREAS.find((a) => a.id === 1)!;
    const buying = THEMATIC_AREAS.find((a) => a.id === 9)!;
    assert.equal(hiring.provision, 'III.5');
    assert.equal(buying.provision, 'III.5');
    assert.deepEqual(ids(procurement), [1, 9]);
    assert.deepEqual(
      groupByArea([procurement]).map((g) => g.area?.id),
      [1, 9],
    );
    assert.deepEqual(
      filterPractices([procurement], { area: 9 }).map((p) => p.reference),
      ['P'],
    );
    const chosen = { ...procurement, areas: [9] };
    assert.deepEqual(
      groupByArea([chosen]).map((g) => g.area?.id),
      [9],
    );
    assert.deepEqual(filterPractices([chosen], { area: 1 }), []);
  });

  it("sorts States by their name in the reader's language", () => {
    // "Estados Unidos" sorts before "México", "United States" after "Mexico".
    const us = { ...pa, reference: 'U', state: 'US' };
    const mex = { ...pa, reference: 'M', state: 'MX' };
    assert.deepEqual(
      groupByArea([us, mex], 'es')[0]!.practices.map((p) => p.reference),
      ['U', 'M'],
    );
    assert.deepEqual(
      groupByArea([us, mex], 'en')[0]!.practices.map((p) => p.reference),
      ['M', 'U'],
    );
  });
});
