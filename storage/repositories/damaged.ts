import { DamagedDocumentError } from '../../dialogs/core/ports.js';

/**
 * For `.catch()` on a read whose document may be damaged: the store has already set it aside and logged it, so
 * the caller goes on as if it were missing. Any other error is rethrown.
 */
export function skipDamaged(err: unknown): undefined {
  if (err instanceof DamagedDocumentError) return undefined;
  throw err;
}
