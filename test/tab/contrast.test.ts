import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { failing, measureText, type Measured } from './contrast.js';
import { ALICE, REVIEWER, seedStore, specs } from './fixtures.js';
import { generatePractices } from './generate.js';
import {
  launch,
  loopbackContext,
  openTab,
  rowKeys,
  shot,
  startTabBot,
  until,
  type TabBot,
  type Theme,
} from './harness.js';

const THEMES: Theme[] = ['default', 'dark', 'contrast'];

/** "what (text): fg on bg = ratio" for each measurement under AA, to read in a failure. */
const report = (bad: readonly Measured[]) =>
  bad.map((m) => `${m.what} «${m.text}»: ${m.fg} on ${m.bg} = ${m.ratio.toFixed(2)}:1`).join('\n');

describe('Teams tab: text contrast measured from the rendered colours, WCAG AA (4.5:1), in the three Teams themes', function () {
  this.timeout(120_000);
  let tabBot: TabBot;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    tabBot = await startTabBot(async (store) => {
      const practices = new PracticeRepository(store);
      // More than a page, so the pager is drawn too.
      for (const r of generatePractices(60, 11)) await practices.put(r);
      await seedStore({ drafts: new DraftRepository(store), practices }, specs());
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

  const check = async (frame: Frame, root: string, what: string, expectAtLeast = 1) => {
    const measured = await measureText(frame, root);
    assert.ok(measured.length >= expectAtLeast, `${what}: ${measured.length} texts measured`);
    const bad = failing(measured);
    assert.equal(bad.length, 0, `${what}:\n${report(bad)}`);
    return measured;
  };

  for (const theme of THEMES) {
    it(`${theme}: the list, a hovered row, hovered buttons and the pager`, async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER, { theme });
      await until('rows', async () => (await rowKeys(frame)).length === 50);
      const all = await check(frame, '#app', 'the list', 200);
      const lowest = all.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      console.log(`      ${theme}: ${all.length} texts, lowest ${lowest.ratio.toFixed(2)}:1 (${lowest.what})`);
      // Every kind of text was among those measured.
      for (const kind of [
        'td.ref',
        'a',
        'span.badge.s-submitted',
        'span.badge.s-returned',
        'span.badge.s-accepted',
        'button',
        'label',
        'select',
        '::placeholder',
      ])
        assert.ok(
          all.some((m) => m.what.includes(kind)),
          `${kind} measured`,
        );

      await check(frame, '#heads', 'the column headings', 7);
      // The hovered row: in high contrast, black on the cyan hover, links and badges included.
      const row = frame.locator('#rows tr').nth(2);
      await row.hover();
      const hovered = await check(frame, '#rows tr:hover', 'the hovered row', 6);
      const bg = hovered.map((m) => m.bg);
      if (theme === 'contrast')
        assert.ok(
          bg.every((b) => b === 'rgb(26, 235, 255)'),
          bg.join(' '),
        );
      await page.screenshot({ path: shot(`contrast-${theme}-hover.png`) });

      for (const selector of [
        '#x-csv',
        '#nav button[data-view="dashboard"]',
        '#pager button[data-page="2"]',
        '#heads th[data-sort="title"] button',
      ]) {
        await frame.hover(selector);
        await check(frame, selector, `${selector} hovered`);
      }
    });

    it(`${theme}: a practice with its history, the dashboard and its charts, an official's draft`, async () => {
      const frame = await openTab(page, tabBot.base, REVIEWER, { theme, hash: '#practice/MESICIC-BP-2025-0003' });
      await frame.waitForSelector('#detail:not([hidden])');
      await check(frame, '#app', 'a returned practice', 40);
      await frame.hover('#download');
      await check(frame, '#download', 'the primary button hovered');

      await frame.click('#nav button[data-view="dashboard"]');
      await frame.waitForSelector('#charts figure[data-chart="state"] canvas');
      await check(frame, '#app', 'the dashboard', 20);
      // Chart.js draws its text on the canvas: its colours are read from the charts themselves.
      const chartText = await frame.evaluate(() => {
        const chart = (
          window as unknown as {
            Chart: {
              getChart(c: HTMLCanvasElement): { options: { scales: Record<string, { ticks: { color: string } }> } };
            };
          }
        ).Chart;
        return [...document.querySelectorAll<HTMLCanvasElement>('#charts canvas')].flatMap((c) =>
          Object.values(chart.getChart(c).options.scales).map((s) => s.ticks.color),
        );
      });
      const fg = await frame.evaluate(() => getComputedStyle(document.body).color);
      assert.ok(chartText.length >= 10);
      for (const colour of chartText)
        assert.equal(
          await frame.evaluate((c) => {
            const probe = document.createElement('span');
            probe.style.color = c;
            document.body.appendChild(probe);
            const out = getComputedStyle(probe).color;
            probe.remove();
            return out;
          }, colour),
          fg,
          'chart text in the page’s text colour',
        );
      await page.screenshot({ path: shot(`contrast-${theme}-dashboard.png`) });

      const official = await openTab(page, tabBot.base, ALICE, { theme, locale: 'en-US' });
      await until('Alice’s three items', async () => (await rowKeys(official)).length === 3);
      const measured = await check(official, '#app', 'an official’s list', 20);
      assert.ok(
        measured.some((m) => m.what.includes('badge.s-draft')),
        'the draft badge measured',
      );
      await page.screenshot({ path: shot(`contrast-${theme}-official.png`) });
    });
  }
});
