import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { semesterOf } from '../../dialogs/core/classify.js';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { ALICE, BRUNO, REVIEWER, TENANT, seedStore, specs } from './fixtures.js';
import { GENERATED_CHANNEL, GENERATED_TEAM, generatePractices } from './generate.js';
import { launch, loopbackContext, openTab, rowKeys, shot, startTabBot, until, type TabBot } from './harness.js';

const texts = JSON.parse(readFileSync(new URL('../../bot/tab/texts.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;
const es = texts.es!;

interface Listed {
  key: string;
  title: string;
  state: string;
  stateLabel: string;
  status: string;
  date: string;
  areas: { id: number; label: string }[];
}
interface ListAnswer {
  total: number;
  matched: number;
  page: number;
  pages: number;
  items: Listed[];
}

const GENERATED = 2_000;
const DAY = 86_400_000;

/** Drafts officials deleted: two within the 30 days, one too old, one merged away (not an official's deletion). */
function deletedDrafts(now: number): Draft[] {
  const make = (owner: string, name: string, id: string, deletedDaysAgo: number, why: 'official' | 'merged') => {
    const created = new Date(now - (deletedDaysAgo + 3) * DAY).toISOString();
    const draft = newDraft(id, { id: owner, name, tenantId: TENANT }, created);
    return {
      ...draft,
      kind: 'practice' as const,
      answers: {
        'institution.name': { text: 'Ministerio de Justicia', lang: 'es' as const, at: created },
        'institution.state': { text: 'Uruguay', lang: 'es' as const, at: created, value: 'UY' },
        'title.title': { text: `Borrador abandonado ${id}`, lang: 'es' as const, at: created },
        'title.provisions': { text: 'III.5', lang: 'es' as const, at: created, value: ['III.5'] },
      },
      deleted: { at: new Date(now - deletedDaysAgo * DAY).toISOString(), why },
    };
  };
  return [
    make(ALICE, 'Alicia Funcionaria', 'abandoned-recent', 2, 'official'),
    make(BRUNO, 'Bruno Funcionario', 'abandoned-older', 20, 'official'),
    make(BRUNO, 'Bruno Funcionario', 'abandoned-too-old', 45, 'official'),
    make(ALICE, 'Alicia Funcionaria', 'merged-away', 1, 'merged'),
  ];
}

/** The host's frame as tall as the tab's content, for a screenshot of the whole page. */
async function tall(page: Page): Promise<void> {
  const frame = page.frames()[1]!;
  const height = await frame.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1200, height: height + 40 });
  await page.evaluate((h) => (document.getElementById('tab')!.style.height = `${h}px`), height);
}

describe('Teams tab with 2,000 practices (a reviewer) and 3 (an official)', function () {
  this.timeout(120_000);
  let tabBot: TabBot;
  let generated: PracticeRecord[];
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const api = async (path: string, who = REVIEWER) => {
    const res = await fetch(`${tabBot.base}${path}`, {
      headers: { authorization: `Bearer ${await tabBot.token(who)}` },
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) } as const;
  };
  const list = async (query: string, who = REVIEWER): Promise<ListAnswer> => {
    const r = await api(`/api/tab/practices?${query}`, who);
    assert.equal(r.status, 200, query);
    return JSON.parse(r.body.toString('utf8')) as ListAnswer;
  };
  const all = () => [
    ...generated.map((g) => g.reference),
    ...specs().flatMap((s) => (s.reference ? [s.reference] : [])),
  ];

  before(async () => {
    generated = generatePractices(GENERATED);
    tabBot = await startTabBot(async (store) => {
      const practices = new PracticeRepository(store);
      const drafts = new DraftRepository(store);
      const profiles = new ProfileRepository(store);
      for (const record of generated) await practices.put(record);
      await seedStore({ drafts, practices }, specs());
      for (const d of deletedDrafts(Date.now())) await drafts.save(d);
      for (const id of [ALICE, BRUNO]) await profiles.save({ id });
    });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await tabBot?.close();
  });
  beforeEach(async () => {
    context = await loopbackContext(browser);
    page = await context.newPage();
  });
  afterEach(async () => context?.close());

  describe('the API', () => {
    it('pages 2,005 practices by 50: every practice on exactly one page, the count right', async () => {
      const first = await list('');
      assert.equal(first.total, GENERATED + 5);
      assert.equal(first.matched, GENERATED + 5);
      assert.equal(first.pages, Math.ceil((GENERATED + 5) / 50));
      assert.equal(first.items.length, 50);
      const seen: string[] = [];
      for (let p = 1; p <= first.pages; p++) seen.push(...(await list(`page=${p}`)).items.map((i) => i.key));
      assert.equal(seen.length, GENERATED + 5);
      assert.deepEqual([...seen].sort(), all().sort(), 'each practice once');
      // Newest first by default.
      const dates = (await list('page=2')).items.map((i) => i.date);
      assert.deepEqual(dates, [...dates].sort().reverse());
      assert.ok(dates[0]! <= first.items.at(-1)!.date, 'page 2 continues where page 1 stopped');
      // A page past the end is the last page.
      assert.equal((await list('page=999')).page, first.pages);
    });

    it('sorts by each column, both ways, and filters before paging', async () => {
      const collator = new Intl.Collator('es', { sensitivity: 'base', numeric: true });
      const byTitle = (await list('sort=title&dir=asc&size=200')).items.map((i) => i.title);
      for (let i = 1; i < byTitle.length; i++)
        assert.ok(collator.compare(byTitle[i - 1]!, byTitle[i]!) <= 0, `${byTitle[i - 1]} before ${byTitle[i]}`);
      const byState = (await list('sort=state&dir=desc&size=200')).items.map((i) => i.stateLabel);
      for (let i = 1; i < byState.length; i++) assert.ok(collator.compare(byState[i - 1]!, byState[i]!) >= 0);
      const byArea = (await list('sort=areas&size=200')).items.map((i) => i.areas[0]?.id ?? 99);
      assert.deepEqual(
        byArea,
        [...byArea].sort((a, b) => a - b),
      );
      for (const sort of ['reference', 'institution', 'status', 'date'])
        assert.equal((await list(`sort=${sort}`)).items.length, 50, sort);

      const panama = generated.filter((g) => g.state === 'PA').length + 1; // the fixture's Panama practice
      const filtered = await list('state=PA&sort=title');
      assert.equal(filtered.matched, panama);
      assert.equal(filtered.total, GENERATED + 5, 'the total is still everything visible');
      assert.ok(filtered.items.every((i) => i.state === 'PA'));
      const r = await api('/api/tab/practices?sort=colour');
      assert.equal(r.status, 400);
    });

    it('labels areas with their numbers, and the status as the exports do', async () => {
      const page1 = await list('lang=en&sort=areas');
      const first = page1.items[0]!;
      assert.match(first.areas[0]!.label, /^1 · Government hiring$/);
      const options = JSON.parse((await api('/api/tab/practices?lang=es')).body.toString('utf8')) as {
        options: { areas: { label: string }[] };
      };
      assert.equal(options.options.areas[8]!.label, '9 · Adquisición de bienes y servicios por el Estado');
    });

    it('gives the review history and, to reviewers only, the thread link', async () => {
      const twice = generated.find((g) => g.version === 2 && g.status === 'accepted' && g.channelPost)!;
      const r = JSON.parse((await api(`/api/tab/practices/${twice.reference}?lang=es`)).body.toString('utf8')) as {
        history: { status: string; by: string; version: number; fields: { number: number }[]; comment: string }[];
        threadUrl: string;
      };
      assert.deepEqual(
        r.history.map((h) => `${h.status} v${h.version}`),
        ['submitted v1', 'returned v1', 'submitted v2', 'accepted v2'],
      );
      assert.deepEqual(
        r.history[1]!.fields.map((f) => f.number),
        [3, 7],
      );
      assert.equal(r.history[1]!.comment, 'Explique la sostenibilidad.');
      const activity = twice.channelPost!.activityId;
      assert.equal(
        r.threadUrl,
        `https://teams.microsoft.com/l/message/${encodeURIComponent(GENERATED_CHANNEL)}/${activity}?groupId=${GENERATED_TEAM}&parentMessageId=${activity}`,
      );
    });

    it('the dashboard counts what the list filters', async () => {
      const r = await api('/api/tab/dashboard?semester=2025-S1');
      assert.equal(r.status, 200);
      const { dashboard } = JSON.parse(r.body.toString('utf8')) as {
        dashboard: {
          total: number;
          byStatus: { key: string; count: number }[];
          byState: { count: number }[];
          decisions: { count: number; medianDays: number; buckets: { count: number }[] };
        };
      };
      const inSemester = [...generated.filter((g) => semesterOf(g.submittedAt) === '2025-S1')].length + 1;
      assert.equal(dashboard.total, inSemester);
      assert.equal(
        dashboard.byStatus.reduce((n, s) => n + s.count, 0),
        inSemester,
      );
      assert.equal(
        dashboard.byState.reduce((n, s) => n + s.count, 0),
        inSemester,
      );
      assert.equal(
        dashboard.decisions.buckets.reduce((n, b) => n + b.count, 0),
        dashboard.decisions.count,
      );
      assert.ok(dashboard.decisions.medianDays > 0);
    });

    it('downloads the CSV and the compilation of the filters, for reviewers only', async () => {
      const csv = await api('/api/tab/export/csv?state=PA&lang=es');
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-disposition')!, /mesicic-PA\.csv/);
      const lines = csv.body.toString('utf8').trim().split('\r\n');
      assert.equal(lines.length - 1, generated.filter((g) => g.state === 'PA').length + 1);
      assert.match(lines[0]!, /Situación/);
      const doc = await api('/api/tab/export/compilation?semester=2026-S1&state=PA&lang=es');
      assert.equal(doc.status, 200);
      const xml = await (await JSZip.loadAsync(doc.body)).file('word/document.xml')!.async('string');
      const expected = generated.filter((g) => g.state === 'PA' && semesterOf(g.submittedAt) === '2026-S1');
      assert.ok(expected.length > 0);
      for (const g of expected) assert.ok(xml.includes(g.reference), g.reference);
      const other = generated.find((g) => g.state !== 'PA' && semesterOf(g.submittedAt) === '2026-S1')!;
      assert.ok(!xml.includes(other.reference), 'only the filtered practices');
      assert.equal((await api('/api/tab/export/compilation?state=PA')).status, 400, 'no semester');
      for (const path of ['/api/tab/export/csv', '/api/tab/export/compilation?semester=2026-S1', '/api/tab/dashboard'])
        assert.equal((await api(path, ALICE)).status, 403, path);
    });

    it('lists the drafts officials deleted in the last 30 days, to reviewers only', async () => {
      const r = await api('/api/tab/abandoned?lang=es');
      const body = JSON.parse(r.body.toString('utf8')) as {
        matched: number;
        items: { id: string; owner: string; title: string; stateLabel: string; fieldsDone: number }[];
      };
      assert.deepEqual(
        body.items.map((d) => d.id),
        ['abandoned-recent', 'abandoned-older'],
      );
      assert.equal(body.items[0]!.owner, 'Alicia Funcionaria');
      assert.equal(body.items[0]!.stateLabel, 'Uruguay');
      assert.equal(body.items[0]!.fieldsDone, 2);
      assert.equal((await api('/api/tab/abandoned', ALICE)).status, 403);
    });
  });

  describe('in the Teams stand-in', () => {
    const countText = (frame: Frame) => frame.textContent('#count');

    it('a reviewer sees column headings, pages, sorts, filters and comes back to the same place', async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER);
      await until('50 rows', async () => (await rowKeys(frame)).length === 50);
      const heads = await frame.$$eval('#heads th', (ths) => ths.map((th) => th.textContent?.trim()));
      assert.deepEqual(heads, [
        es.columnReference,
        es.columnTitle,
        es.columnState,
        es.columnInstitution,
        es.columnAreas,
        es.columnStatus,
        es.columnDate,
      ]);
      assert.equal(heads[5], 'Situación');
      assert.match(heads[6]!, /UTC/);
      assert.equal(await countText(frame), '1–50 de 2005');
      assert.equal(await frame.getAttribute('#heads th[data-sort="date"]', 'aria-sort'), 'descending');
      await page.screenshot({ path: shot('reviewer-2000-list.png') });

      const page1 = await rowKeys(frame);
      await frame.click('#pager button[data-page="2"]');
      await until('page 2', async () => (await countText(frame)) === '51–100 de 2005');
      const page2 = await rowKeys(frame);
      assert.equal(page2.length, 50);
      assert.equal(page2.filter((k) => page1.includes(k)).length, 0, 'page 2 shows other rows');
      assert.match((await frame.textContent('#pager'))!, /Página 2 de 41/);

      await frame.click('#heads th[data-sort="title"] button');
      await until(
        'sorted by title',
        async () => (await frame.getAttribute('#heads th[data-sort="title"]', 'aria-sort')) === 'ascending',
      );
      await until('back on page 1', async () => (await countText(frame)) === '1–50 de 2005');
      const titles = await frame.$$eval('#rows td.title', (tds) => tds.map((td) => td.textContent ?? ''));
      const collator = new Intl.Collator('es', { sensitivity: 'base', numeric: true });
      assert.deepEqual(titles, [...titles].sort(collator.compare));

      await frame.selectOption('#f-status', 'accepted');
      const accepted = generated.filter((g) => g.status === 'accepted').length + 1;
      await until('accepted only', async () => ((await countText(frame)) ?? '').includes(`de ${accepted} `));
      const statuses = await frame.$$eval('#rows td .badge', (bs) => bs.map((b) => b.textContent));
      assert.ok(statuses.every((s) => s === 'Aceptada'));
      await frame.click('#pager button[data-page="2"]');
      await until('accepted, page 2', async () => ((await countText(frame)) ?? '').startsWith('51–100'));
      const before = await rowKeys(frame);
      const hashBefore = await frame.evaluate(() => window.location.hash);
      assert.match(hashBefore, /status=accepted/);
      assert.match(hashBefore, /sort=title/);
      assert.match(hashBefore, /page=2/);

      // Far down the page, open the 40th row, then back: the same rows, filters and sort, scrolled where it was.
      const row = frame.locator('#rows tr').nth(39);
      await row.scrollIntoViewIfNeeded();
      const scrolled = await frame.evaluate(() => window.scrollY);
      assert.ok(scrolled > 500, `scrolled ${scrolled}`);
      const key = (await row.getAttribute('data-key'))!;
      await row.locator('td.state').click();
      await frame.waitForSelector('#detail:not([hidden])');
      assert.equal(await frame.isHidden('#browse'), true);
      await frame.click('#back');
      await until('the list again', async () => JSON.stringify(await rowKeys(frame)) === JSON.stringify(before));
      assert.equal(await frame.evaluate(() => window.location.hash), hashBefore);
      assert.equal(await frame.inputValue('#f-status'), 'accepted');
      assert.equal(await frame.getAttribute('#heads th[data-sort="title"]', 'aria-sort'), 'ascending');
      await until('scrolled back', async () => Math.abs((await frame.evaluate(() => window.scrollY)) - scrolled) < 5);

      // The browser's own back does the same.
      await frame.click(`#rows tr[data-key="${key}"] td.title a`);
      await frame.waitForSelector('#detail:not([hidden])');
      await frame.evaluate(() => window.history.back());
      await until(
        'the list after the browser’s back',
        async () => JSON.stringify(await rowKeys(frame)) === JSON.stringify(before),
      );
      assert.equal(await frame.evaluate(() => window.location.hash), hashBefore);

      // Reopened (Teams reloads a tab at its own address): the place of this session is taken up again.
      await frame.evaluate(() => {
        (window as unknown as { before?: boolean }).before = true;
        window.location.replace('/tab');
      });
      await until('a new page', async () => !(await frame.evaluate(() => 'before' in window)));
      await until(
        'the same page after a reload',
        async () => JSON.stringify(await rowKeys(frame)) === JSON.stringify(before),
      );
      await page.screenshot({ path: shot('reviewer-2000-accepted-page2.png') });
    });

    it('a reviewer reads a practice’s review history and its thread link', async () => {
      const twice = generated.find((g) => g.version === 2 && g.status === 'accepted' && g.channelPost)!;
      const frame = await openTab(page, tabBot.base, REVIEWER, { hash: `#practice/${twice.reference}` });
      await frame.waitForSelector('#detail:not([hidden])');
      const rows = await frame.$$eval('#d-history tbody tr', (trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
      );
      assert.equal(rows.length, 4);
      assert.match(rows[0]![2]!, /^Aceptada \(versión 2\)$/);
      const returned = rows[2]!;
      assert.match(returned[0]!, /UTC$/);
      assert.ok(['Rita Revisora', 'Tomás Revisor'].includes(returned[1]!));
      assert.match(returned[2]!, /^Devuelta con comentarios \(versión 1\)$/);
      assert.equal(returned[3], '3. Descripción de la buena práctica; 7. Resultado');
      assert.equal(returned[4], 'Explique la sostenibilidad.');
      const href = await frame.getAttribute('#thread', 'href');
      assert.ok(href!.startsWith('https://teams.microsoft.com/l/message/'));
      assert.ok(href!.includes(`parentMessageId=${twice.channelPost!.activityId}`));
      assert.equal(await frame.isVisible('#thread'), true);
      await tall(page);
      await page.screenshot({ path: shot('reviewer-practice-history.png'), fullPage: true });
      // Back from a practice opened by its address: the list (its first page), not an empty history.
      await frame.click('#back');
      await until('the list', async () => (await rowKeys(frame)).length === 50);
    });

    it('a reviewer’s dashboard draws its charts for the list’s filters', async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER);
      await frame.waitForSelector('#rows tr[data-key]');
      await frame.click('#nav button[data-view="dashboard"]');
      await frame.waitForSelector('#charts figure[data-chart="state"] canvas');
      const drawn = async () =>
        frame.$$eval('#charts canvas', (canvases) =>
          canvases.map((c) => {
            const canvas = c as HTMLCanvasElement;
            const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
            return { chart: canvas.closest('figure')!.dataset.chart, painted, total: Number(canvas.dataset.total) };
          }),
        );
      const charts = await drawn();
      assert.deepEqual(
        charts.map((c) => c.chart),
        ['status', 'semester', 'decision', 'area', 'state'],
      );
      for (const c of charts) assert.ok(c.painted > 2_000, `${c.chart}: ${c.painted} pixels painted`);
      assert.equal(charts.find((c) => c.chart === 'status')!.total, GENERATED + 5);
      assert.equal(charts.find((c) => c.chart === 'state')!.total, GENERATED + 5);
      assert.match((await frame.textContent('#tiles'))!, /2005/);
      await tall(page);
      await page.screenshot({ path: shot('reviewer-2000-dashboard.png'), fullPage: true });

      await frame.selectOption('#f-state', 'PA');
      const panama = generated.filter((g) => g.state === 'PA').length + 1;
      await until('Panama only', async () => (await drawn()).find((c) => c.chart === 'status')?.total === panama);
      assert.match(await frame.evaluate(() => window.location.hash), /^#dashboard\?state=PA$/);
      // The same filters back on the list.
      await frame.click('#nav button[data-view="list"]');
      await until('the list of Panama', async () => ((await countText(frame)) ?? '').includes(`de ${panama} `));
    });

    it('a reviewer downloads the CSV and the semester’s Word compilation from the filters', async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER, { hash: '#list?state=PA' });
      await frame.waitForSelector('#rows tr[data-key]');
      assert.equal(await frame.isDisabled('#x-compilation'), true, 'a compilation needs a semester');
      assert.equal(await frame.textContent('#x-hint'), es.compilationNeedsSemester);
      const [csv] = await Promise.all([page.waitForEvent('download'), frame.click('#x-csv')]);
      assert.equal(csv.suggestedFilename(), 'mesicic-PA.csv');
      await frame.selectOption('#f-semester', '2026-S1');
      await until('the compilation offered', async () => !(await frame.isDisabled('#x-compilation')));
      assert.equal(await frame.textContent('#x-compilation'), 'Compilación en Word de 2026-S1');
      const [doc] = await Promise.all([
        page.waitForEvent('download', { timeout: 60_000 }),
        frame.click('#x-compilation'),
      ]);
      assert.equal(doc.suggestedFilename(), 'mesicic-2026-S1-PA.docx');
      assert.equal(
        readFileSync(await doc.path())
          .subarray(0, 2)
          .toString('latin1'),
        'PK',
      );
    });

    it('a reviewer sees the abandoned drafts', async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER, { locale: 'en-US' });
      await frame.waitForSelector('#rows tr[data-key]');
      await frame.click('#nav button[data-view="abandoned"]');
      await until('two drafts', async () => (await frame.$$('#a-rows tr[data-id]')).length === 2);
      const first = await frame.$$eval('#a-rows tr[data-id="abandoned-recent"] td', (tds) =>
        tds.map((td) => td.textContent),
      );
      assert.equal(first[0], 'Alicia Funcionaria');
      assert.equal(first[1], 'Borrador abandonado abandoned-recent');
      assert.equal(first[2], 'Uruguay');
      assert.match(first[3]!, /UTC$/);
      assert.equal(first[4], '2 of 12');
      assert.equal(await frame.isHidden('#filters'), true);
      await page.screenshot({ path: shot('reviewer-abandoned.png') });
    });

    it('an official with 3 items sees only them, with no dashboard, downloads or channel link', async () => {
      const frame = await openTab(page, tabBot.base, ALICE, { locale: 'en-GB' });
      await until('three rows', async () => (await rowKeys(frame)).length === 3);
      assert.equal(await frame.textContent('#count'), '1–3 of 3');
      assert.equal(await frame.isHidden('#nav'), true);
      assert.equal(await frame.isHidden('#exports'), true);
      assert.equal(await frame.isHidden('#pager button'), true);
      await page.screenshot({ path: shot('official-3-list.png') });
      await frame.click('#rows tr[data-key="MESICIC-BP-2025-0003"] td.title a');
      await frame.waitForSelector('#detail:not([hidden])');
      assert.equal(await frame.isHidden('#thread'), true);
      assert.equal(await frame.$$eval('#d-history tbody tr', (trs) => trs.length), 2);
      await tall(page);
      await page.screenshot({ path: shot('official-3-practice.png'), fullPage: true });
      // A reviewer's address typed by an official gives the list.
      await frame.evaluate(() => (window.location.hash = '#dashboard'));
      await until('the list', async () => (await frame.evaluate(() => window.location.hash)).startsWith('#list'));
    });
  });
});
