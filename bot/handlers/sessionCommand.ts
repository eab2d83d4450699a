import { escapeChatText } from '../../dialogs/core/markdown.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { calendarDate, longDate } from '../../dialogs/core/workingHours.js';
import type { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';

const QUOTED = /^["“”«»'‘’]\s*(.+?)\s*["“”«»'‘’]\s+(\S+)\s+(\S+)$/u;
const BARE = /^(.+?)\s+(\S+)\s+(\S+)$/u;

/**
 * The Secretariat's closing date for a special session: `sesión "Contrataciones abiertas" cierra 2027-03-31`
 * (or `session "…" closes …`, `sessão "…" encerra …`, `session "…" clôture …`), `… cierra ninguna` to remove
 * it, `sesiones` alone to list them. Open drafts for that session are reminded 7 days and 1 day before.
 * Returns the reply, in the Secretariat's language.
 */
export async function sessionCommand(
  rest: string,
  deps: {
    closings: SessionClosingRepository;
    tx: Texts;
    /** Whether a word is one of reviewer.words.<key> in any language. */
    is: (word: string, key: string) => boolean;
    by: string;
    now: Date;
  },
): Promise<string> {
  const { tx, closings } = deps;
  const date = (d: string) => longDate(d, tx.locale);
  if (!rest.trim()) {
    const all = Object.values(await closings.all()).sort((a, b) => a.closes.localeCompare(b.closes));
    if (all.length === 0) return `${tx.t('reviewer.sessionNone')}\n\n${tx.t('reviewer.sessionHelp')}`;
    const lines = all.map((c) =>
      tx.t('reviewer.sessionLine', { session: escapeChatText(c.name), date: date(c.closes) }),
    );
    return [tx.t('reviewer.sessionTitle'), ...lines].join('\n');
  }
  const m = QUOTED.exec(rest.trim()) ?? BARE.exec(rest.trim());
  if (!m || !deps.is(m[2]!, 'closes')) return tx.t('reviewer.sessionHelp');
  const name = m[1]!.trim();
  const session = escapeChatText(name);
  if (deps.is(m[3]!, 'none'))
    return tx.t((await closings.clear(name)) ? 'reviewer.sessionCleared' : 'reviewer.sessionUnknown', { session });
  const closes = calendarDate(m[3]!);
  if (!closes) return tx.t('reviewer.sessionHelp');
  if (closes < deps.now.toISOString().slice(0, 10)) return tx.t('reviewer.sessionPast', { date: date(closes) });
  await closings.set({ name, closes, by: deps.by, at: deps.now.toISOString() });
  return tx.t('reviewer.sessionSet', { session, date: date(closes) });
}
