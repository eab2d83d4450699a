import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { filterPractices, semesterOf, type Classified, type PracticeFilter } from '../../dialogs/core/classify.js';
import { fold } from '../../dialogs/core/normalize.js';
import { THEMATIC_AREAS, findState } from '../../dialogs/core/reference.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { Config } from '../config.js';
import { sizeLabel } from '../../dialogs/core/attachments.js';
import { escapeChatText } from '../../dialogs/core/markdown.js';
import type { FileLinks } from '../export/fileLinks.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import type { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';
import { sessionCommand } from './sessionCommand.js';

const REFERENCE = /MESICIC-(?:BP|SE)-\d{4}-\d{4}/i;
const STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;

/**
 * What a reviewer can ask the bot in the Secretariat channel (or in a personal chat, if named a reviewer):
 * "lista tema 12", "lista estado PA", "lista situación aceptada", "word MESICIC-BP-2026-0001",
 * "temas MESICIC-BP-2026-0001 12, 9" to place a practice in thematic areas by hand, "exportar 2026-S1" for the
 * CSV and JSON of the repository and the semester's compiled Word document.
 */
export function reviewerCommands(deps: {
  practices: PracticeRepository;
  catalog: Catalog;
  config: Config;
  links: FileLinks;
  publicUrl: () => string;
  logger: Logger;
  /** Closing dates of special sessions (`sesión "…" cierra 2027-03-31`); without it the command is not offered. */
  closings?: SessionClosingRepository;
  clock?: () => Date;
  /** Told when a command changed a practice (its areas), so its channel card is drawn again. */
  onChanged?: (record: PracticeRecord) => Promise<void>;
}) {
  const words = (key: string) => deps.catalog.words(`reviewer.words.${key}`).map(fold);
  const is = (word: string, key: string) => words(key).includes(fold(word));

  /** Whether this text is a reviewer command at all (so officials' answers never are). */
  const matches = (text: string): boolean => {
    const words = text.trim().split(/\s+/);
    const head = words[0] ?? '';
    // "Sesión especial sobre …" is also how a reviewer who presents may name their session: only "sesiones" alone
    // or a phrase with "cierra" is the command.
    if (deps.closings && is(head, 'session')) return words.length === 1 || words.some((w) => is(w, 'closes'));
    return ['list', 'word', 'areas', 'export'].some((k) => is(head, k));
  };

  const run = async (context: TurnContext, text: string): Promise<void> => {
    const tx = deps.catalog.texts(deps.config.SECRETARIAT_LOCALE);
    const [head = '', second = '', ...rest] = text.trim().split(/\s+/);
    const arg = rest.join(' ');
    if (deps.closings && is(head, 'session')) {
      const reply = await sessionCommand(text.trim().slice(head.length), {
        closings: deps.closings,
        tx,
        is,
        by: context.activity.from?.name ?? context.activity.from?.id ?? '',
        now: deps.clock?.() ?? new Date(),
      });
      await context.sendActivity(reply);
      return;
    }
    if (is(head, 'word')) {
      const reference = REFERENCE.exec(text)?.[0].toUpperCase();
      const record = reference ? await deps.practices.get(reference) : undefined;
      if (!record)
        return void (await context.sendActivity(
          tx.t('reviewing.notFound', { reference: reference ?? escapeChatText(second) }),
        ));
      const url = `${deps.publicUrl()}/files?t=${deps.links.token(`practice:${record.reference}`)}`;
      // Each attached file through its own signed link, beside the practice's Word file.
      const files = (record.attachments ?? []).map((a) => {
        const link = `${deps.publicUrl()}/files?t=${deps.links.token(`attachment:${record.reference}:${a.id}`)}`;
        return `- [${escapeChatText(a.name)}](${link}) (${sizeLabel(a.size, tx.locale)})`;
      });
      await context.sendActivity(
        [
          tx.t('reviewer.wordLink', { reference: record.reference, url }),
          ...(files.length ? ['', tx.t('attachments.heading') + ':', ...files] : []),
        ].join('\n'),
      );
      return;
    }
    if (is(head, 'export')) {
      const link = (subject: string) => `${deps.publicUrl()}/files?t=${deps.links.token(subject)}`;
      const semester = /^\d{4}-S[12]$/i.test(second) ? second.toUpperCase() : semesterOf(new Date().toISOString());
      await context.sendActivity(
        tx.t('reviewer.exportLinks', {
          csv: link('csv'),
          json: link('json'),
          semester,
          compilation: link(`compilation:${semester}`),
        }),
      );
      return;
    }
    if (is(head, 'areas')) {
      const reference = REFERENCE.exec(text)?.[0].toUpperCase();
      const record = reference ? await deps.practices.get(reference) : undefined;
      if (!record)
        return void (await context.sendActivity(
          tx.t('reviewing.notFound', { reference: reference ?? escapeChatText(second) }),
        ));
      const ids = arg
        .split(/[\s,;]+/)
        .map(Number)
        .filter((n) => THEMATIC_AREAS.some((a) => a.id === n));
      if (ids.length === 0) return void (await context.sendActivity(tx.t('reviewer.areasHelp')));
      const placed = { ...record, areas: ids };
      await deps.practices.put(placed);
      // The practice's card in the channel shows its areas: redrawn for everyone.
      await deps.onChanged?.(placed);
      await context.sendActivity(tx.t('reviewer.areasSet', { reference: record.reference, areas: ids.join(', ') }));
      return;
    }
    // list <what> <value>
    const filter: PracticeFilter = {};
    if (is(second, 'theme')) filter.area = Number(arg);
    else if (is(second, 'state')) {
      const state = findState(arg);
      if (state.kind === 'one') filter.state = state.item.code;
    } else if (is(second, 'status')) {
      const status = STATUSES.find((s) => fold(tx.t(`statuses.${s}`)).startsWith(fold(arg)) || s === fold(arg));
      if (status) filter.status = status;
    }
    if (Object.keys(filter).length === 0 || (filter.area !== undefined && Number.isNaN(filter.area)))
      return void (await context.sendActivity(tx.t('reviewer.listHelp')));
    const found = filterPractices((await deps.practices.list()) as Classified[], filter);
    // Titles are officials' text: escaped, or a title written as a markdown link would be a live link in the channel.
    const lines = found
      .slice(0, 50)
      .map(
        (p) =>
          `- **${p.reference}** ${escapeChatText(p.title)} (${escapeChatText(p.state)}, ${tx.t(`statuses.${p.status}`)})`,
      );
    await context.sendActivity([tx.t('reviewer.listTitle', { count: found.length }), ...lines].join('\n'));
  };

  return { matches, run };
}
