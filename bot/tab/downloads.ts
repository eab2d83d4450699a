import type { Classified, Semester } from '../../dialogs/core/classify.js';
import { KeyedLock } from '../../dialogs/core/keyedLock.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { compileOffThread } from '../export/offThread.js';
import { toCsv } from '../export/tabular.js';

/** The Secretariat's files for the practices a reviewer filtered, made by the same functions as the bot's links. */
export interface Downloads {
  csv(records: readonly Classified[], tx: Texts): Buffer;
  compilation(records: readonly Classified[], semester: Semester, locale: Locale): Promise<Buffer>;
}

/**
 * The semester's Word compilation runs in a worker thread (bot/export/offThread.ts); one at a time per process,
 * so a reviewer pressing the button again, or three reviewers at once, queue rather than take both cores from
 * the officials' turns.
 */
export function defaultDownloads(): Downloads {
  const lock = new KeyedLock();
  return {
    csv: (records, tx) => Buffer.from(toCsv(records, tx), 'utf8'),
    compilation: (records, semester, locale) =>
      lock.run('compilation', () => compileOffThread(records, semester, locale)),
  };
}

/** "mesicic-2026-S1-PA.csv": what the file holds, from the filters, in characters any file system takes. */
export function downloadName(base: string, parts: readonly (string | number | undefined)[], ext: string): string {
  const tail = parts
    .filter((p): p is string | number => p !== undefined && p !== '')
    .map((p) =>
      String(p)
        .normalize('NFD')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 30),
    )
    .filter(Boolean);
  return `${[base, ...tail].join('-')}.${ext}`;
}
