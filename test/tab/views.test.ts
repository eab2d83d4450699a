import assert from 'node:assert/strict';
import { createCatalog } from '../../bot/i18n.js';
import { abandonedDrafts } from '../../bot/tab/abandoned.js';
import { dashboardOf, decisionDays, median } from '../../bot/tab/dashboard.js';
import { downloadName } from '../../bot/tab/downloads.js';
import { historyOf } from '../../bot/tab/history.js';
import { pageOf, sortItems } from '../../bot/tab/listing.js';
import { threadLink } from '../../bot/tab/threadLink.js';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { generatePractices } from './generate.js';

describe('tab: views of the repository (pure)', () => {
  let es: Texts;
  let en: Texts;
  before(async () => {
    const catalog = await createCatalog();
    es = catalog.texts('es');
    en = catalog.texts('en');
  });

  const items = () => generatePractices(300, 3).map((r) => ({ ...r, key: r.reference, isDraft: false }));

  it('pages without losing or repeating a row, and a page past the end is the last', () => {
    const sorted = sortItems(items(), 'title', 'asc', 'es');
    const keys = [1, 2, 3, 4, 5, 6].flatMap((p) => pageOf(sorted, p, 50).items.map((i) => i.key));
    assert.equal(keys.length, 300);
    assert.equal(new Set(keys).size, 300);
    assert.deepEqual(pageOf(sorted, 99, 50).page, 6);
    assert.deepEqual(pageOf([], 1, 50), { items: [], matched: 0, page: 1, pages: 1 });
  });

  it('sorts each column both ways, ties newest first, and the same input always the same way', () => {
    const all = items();
    const states = sortItems(all, 'state', 'asc', 'es').map((i) => i.state);
    assert.equal(states[0], 'AG', 'Antigua y Barbuda first in Spanish');
    const back = sortItems(all, 'state', 'desc', 'es');
    assert.notEqual(back[0]!.state, 'AG');
    const status = sortItems(all, 'status', 'asc', 'es').map((i) => i.status);
    assert.deepEqual(
      status,
      [...status].sort(
        (a, b) => ['submitted', 'returned', 'accepted'].indexOf(a) - ['submitted', 'returned', 'accepted'].indexOf(b),
      ),
    );
    const date = sortItems(all, 'date', 'desc', 'es').map((i) => i.submittedAt);
    assert.deepEqual(date, [...date].sort().reverse());
    assert.deepEqual(
      sortItems([...all].reverse(), 'institution', 'asc', 'es').map((i) => i.key),
      sortItems(all, 'institution', 'asc', 'es').map((i) => i.key),
    );
  });

  it('splits a return’s note into its fields and comment; per-field comments stay with their field', () => {
    const h = historyOf(
      [
        { status: 'submitted', at: '2026-01-01T10:00:00.000Z', by: 'Ana' },
        {
          status: 'returned',
          at: '2026-01-05T10:00:00.000Z',
          by: 'Rita',
          note: '3,7: 3: Falta la sostenibilidad.\n7: ¿Qué impacto tuvo?',
        },
        { status: 'submitted', at: '2026-01-09T10:00:00.000Z', by: 'Ana' },
        { status: 'returned', at: '2026-01-10T10:00:00.000Z', by: 'Rita', note: '12: Falta el correo.' },
        { status: 'submitted', at: '2026-01-11T10:00:00.000Z', by: 'Ana' },
        { status: 'accepted', at: '2026-01-12T10:00:00.000Z', by: 'Rita' },
      ],
      en,
    );
    assert.deepEqual(
      h.map((e) => `${e.statusLabel} v${e.version}`),
      [
        'Submitted v1',
        'Returned with comments v1',
        'Submitted v2',
        'Returned with comments v2',
        'Submitted v3',
        'Accepted v3',
      ],
    );
    assert.deepEqual(h[1]!.fields, [
      { number: 3, label: 'Description of the good practice', comment: 'Falta la sostenibilidad.' },
      { number: 7, label: 'Result', comment: '¿Qué impacto tuvo?' },
    ]);
    assert.deepEqual(h[3]!.fields, [{ number: 12, label: 'Contact' }]);
    assert.equal(h[3]!.comment, 'Falta el correo.');
    assert.equal(h[5]!.comment, null);
  });

  it('links to the channel thread, with the team when known, from older posts too', () => {
    assert.equal(
      threadLink({
        conversationId: '19:abc@thread.tacv2;messageid=171',
        activityId: '171',
        channelId: '19:abc@thread.tacv2',
        teamId: 'g-1',
      }),
      'https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/171?groupId=g-1&parentMessageId=171',
    );
    assert.equal(
      threadLink({ conversationId: '19:abc@thread.tacv2;messageid=171', activityId: '171' }),
      'https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/171?parentMessageId=171',
    );
    assert.equal(threadLink({ conversationId: 'a:personal', activityId: '1' }), null);
    assert.equal(threadLink(undefined), null);
  });

  it('counts by State, area, status and semester, and the days to each decision', () => {
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    const record = generatePractices(1, 1)[0]!;
    const twice = {
      ...record,
      history: [
        { status: 'submitted' as const, at: '2026-01-01T00:00:00.000Z', by: 'a' },
        { status: 'returned' as const, at: '2026-01-11T00:00:00.000Z', by: 'r' },
        { status: 'submitted' as const, at: '2026-01-12T00:00:00.000Z', by: 'a' },
        { status: 'accepted' as const, at: '2026-01-14T12:00:00.000Z', by: 'r' },
      ],
    };
    assert.deepEqual(decisionDays(twice), [10, 2.5]);
    const all = generatePractices(400, 5);
    const d = dashboardOf(all, es, new Date('2026-12-01T00:00:00.000Z'));
    assert.equal(d.total, 400);
    assert.equal(
      d.byState.reduce((n, s) => n + s.count, 0),
      400,
    );
    assert.equal(
      d.byStatus.reduce((n, s) => n + s.count, 0),
      400,
    );
    assert.ok(d.byArea.reduce((n, s) => n + s.count, 0) >= 400, 'a practice in two areas counts in both');
    assert.deepEqual(
      d.byArea.map((a) => Number(a.key)),
      [...d.byArea.map((a) => Number(a.key))].sort((a, b) => a - b),
    );
    assert.match(d.byArea[0]!.label, /^\d+ · /);
    assert.deepEqual(
      d.bySemester.map((s) => s.key),
      [...d.bySemester.map((s) => s.key)].sort(),
    );
    const days = all.flatMap(decisionDays);
    assert.equal(d.decisions.count, days.length);
    assert.equal(d.decisions.medianDays, median(days));
    assert.equal(
      d.decisions.buckets.reduce((n, b) => n + b.count, 0),
      days.length,
    );
    assert.equal(d.decisions.waiting, all.filter((r) => r.status === 'submitted').length);
    assert.equal(dashboardOf([], es, new Date()).decisions.medianDays, null);
  });

  it('names a download after its filters, in characters any file system takes', () => {
    assert.equal(downloadName('mesicic', ['2026-S1', 'PA', undefined, ''], 'csv'), 'mesicic-2026-S1-PA.csv');
    assert.equal(downloadName('mesicic', [12, 'accepted'], 'docx'), 'mesicic-12-accepted.docx');
    assert.equal(downloadName('mesicic', [], 'csv'), 'mesicic.csv');
  });

  it('lists officials’ deletions of the last 30 days across owners, and reads them again only after a minute', async () => {
    const store = new MemoryStore();
    const drafts = new DraftRepository(store);
    const profiles = new ProfileRepository(store);
    const now = Date.parse('2026-12-01T12:00:00.000Z');
    const draft = (
      owner: string,
      id: string,
      daysAgo: number | null,
      why: 'official' | 'merged' = 'official',
    ): Draft => ({
      ...newDraft(id, { id: owner, name: owner.toUpperCase() }, '2026-10-01T00:00:00.000Z'),
      ...(daysAgo === null ? {} : { deleted: { at: new Date(now - daysAgo * 86_400_000).toISOString(), why } }),
    });
    for (const d of [
      draft('ana', 'a1', 1),
      draft('ana', 'a2', null),
      draft('ana', 'a3', 31),
      draft('bea', 'b1', 29),
      draft('bea', 'b2', 0, 'merged'),
    ])
      await drafts.save(d);
    for (const id of ['ana', 'bea', 'carla']) await profiles.save({ id });
    const since = new Date(now - 30 * 86_400_000).toISOString();
    assert.deepEqual(
      (await drafts.listDeletedByOfficials(await profiles.ids(), since)).map((d) => d.id),
      ['a1', 'b1'],
    );
    let reads = 0;
    const view = abandonedDrafts(
      {
        owners: async () => {
          reads++;
          return profiles.ids();
        },
        listDeletedByOfficials: (ids, s) => drafts.listDeletedByOfficials(ids, s),
      },
      60_000,
    );
    await view(new Date(now));
    await view(new Date(now + 30_000));
    assert.equal(reads, 1);
    await view(new Date(now + 61_000));
    assert.equal(reads, 2);
  });
});
