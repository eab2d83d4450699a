import { createCatalog } from '../../bot/i18n.js';
import { compilationDocx, practiceDocx } from '../../bot/export/word.js';
import { compileOffThread } from '../../bot/export/offThread.js';
import { toCsv } from '../../bot/export/tabular.js';
import { mexico } from '../fixtures/seeds.js';
import { generated, recordOf } from '../export/records.js';

/** Times the exports the Secretariat uses: one practice's Word file, a compiled semester of N, the CSV of N. */
export async function exportSpeed(n = 500): Promise<string[]> {
  const tx = (await createCatalog()).texts('es');
  const one = recordOf(mexico());
  const many = generated(mexico(), n);
  const time = async (f: () => unknown, runs: number) => {
    await f();
    const started = performance.now();
    for (let i = 0; i < runs; i++) await f();
    return (performance.now() - started) / runs;
  };
  const single = await time(() => practiceDocx(one, tx), 20);
  const compiled = await time(() => compilationDocx(many, '2026-S1', tx), 1);
  // As the bot serves it: in a worker thread, start-up included, the bot's own thread free meanwhile.
  const offThread = await time(() => compileOffThread(many, '2026-S1', 'es'), 1);
  const csv = await time(() => toCsv(many, tx), 3);
  return [
    `4. Export: Word of one practice ${single.toFixed(1)} ms (mean of 20)`,
    `           compiled semester of ${n} practices ${compiled.toFixed(0)} ms (${offThread.toFixed(0)} ms in the worker thread the bot uses, start-up included); CSV of ${n} ${csv.toFixed(0)} ms`,
  ];
}
