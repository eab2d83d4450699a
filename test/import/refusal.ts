import { DocumentRefused } from '../../bot/import/refused.js';

/** The refusal's reason, or what happened instead, so that a failing assertion says which. */
export async function reasonOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
    return 'accepted';
  } catch (err) {
    if (err instanceof DocumentRefused) return err.reason;
    throw err;
  }
}

/** The refusal itself (its detail says which check), failing when the work succeeds or throws something else. */
export async function refusalOf(work: Promise<unknown> | (() => unknown)): Promise<DocumentRefused> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (err instanceof DocumentRefused) return err;
    throw err;
  }
  throw new Error('expected a DocumentRefused, the document was accepted');
}
