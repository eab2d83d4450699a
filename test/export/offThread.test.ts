import assert from 'node:assert/strict';
import { compileOffThread } from '../../bot/export/offThread.js';
import { compilationDocx } from '../../bot/export/word.js';
import { mexico } from '../fixtures/seeds.js';
import { documentXml, paragraphs } from './docxText.js';
import { generated } from './records.js';
import { exportTexts } from './texts.js';

/** Runs `work` while a 5 ms timer ticks; returns its result and the longest time the event loop went without a tick. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    // One more tick, so that a stall right at the end is counted too.
    await new Promise((r) => setTimeout(r, 10));
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('compiled semester in a worker thread', function () {
  this.timeout(60_000);
  const records = generated(mexico(), 500);

  it('gives the same document as building it in place, while the bot’s event loop keeps turning', async () => {
    const tx = await exportTexts('es');
    const inPlace = await longestStall(() => compilationDocx(records, '2026-S1', tx));
    const offThread = await longestStall(() => compileOffThread(records, '2026-S1', 'es'));
    // Built in place, the loop stops for the whole build: what officials' turns would wait for.
    assert.ok(inPlace.stallMs > 300, `in place the loop stalled only ${inPlace.stallMs.toFixed(0)} ms: the measure shows nothing`);
    assert.ok(offThread.stallMs < 150, `the loop stalled ${offThread.stallMs.toFixed(0)} ms while the worker compiled`);
    const texts = async (docx: Buffer) => paragraphs(await documentXml(docx)).map((p) => `${p.style}|${p.text}`);
    assert.deepEqual(await texts(offThread.result), await texts(inPlace.result));
    assert.ok((await texts(offThread.result)).length > 500 * 12, 'every practice, every field');
  });

  it('rejects, rather than hangs, when the job cannot be done', async () => {
    // A record without answers: the job throws inside the worker, and the download gets an error, not a wait.
    const broken = [{ ...records[0]!, answers: null }] as unknown as typeof records;
    await assert.rejects(compileOffThread(broken, '2026-S1', 'es'));
  });
});
