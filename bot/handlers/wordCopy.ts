import type { Activity, FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { Draft } from '../../dialogs/core/draft.js';
import { DEFAULT_LOCALE, type Locale } from '../../dialogs/core/normalize.js';
import type { Drafts } from '../../dialogs/core/ports.js';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import { titleLabel } from '../../dialogs/core/views.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import type { FileLinks } from '../export/fileLinks.js';

const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';
/** How long a Word copy's link works: the FileLinks default. */
const LINK_MINUTES = 15;

export interface WordCopyDeps {
  drafts: Drafts;
  catalog: Catalog;
  links: FileLinks;
  publicUrl: () => string;
  /** The official's chosen language, else the Teams locale. */
  localeOf: (context: TurnContext) => Promise<Locale>;
  /** Builds the file; docx is loaded on the first copy, not at start-up. */
  build?: (draft: Draft, tx: Texts) => Promise<{ body: Buffer; name: string }>;
  fetchImpl?: typeof fetch;
}

async function buildWithDocx(draft: Draft, tx: Texts): Promise<{ body: Buffer; name: string }> {
  const word = await import('../export/word.js');
  return { body: await word.ownCopyDocx(draft, tx), name: word.ownCopyName(draft, tx) };
}

/**
 * The official's own Word copy. In a personal Teams chat it goes into their OneDrive through Teams' file consent
 * flow (a card asking permission, then an upload to the address Teams gives); elsewhere, and whenever that flow
 * is declined or fails, as a short-lived signed link.
 */
export function wordCopies(deps: WordCopyDeps) {
  const build = deps.build ?? buildWithDocx;
  const fetchImpl = deps.fetchImpl ?? fetch;
  // The owner last: a Bot Framework Emulator's user id may hold colons.
  const linkFor = (draft: Draft, tx: Texts) =>
    `${deps.publicUrl()}/files?t=${deps.links.token(`draft:${tx.locale}:${draft.id}:${draft.owner.id}`)}`;
  const linkText = (tx: Texts, key: string, draft: Draft, params: Record<string, string> = {}) =>
    tx.t(key, { title: titleLabel(tx, draft), url: linkFor(draft, tx), minutes: LINK_MINUTES, ...params });

  /** Teams hands files to bots only in the personal chat, and only in Teams itself. */
  const canConsent = (activity: Partial<Activity>) =>
    activity.channelId === 'msteams' && activity.conversation?.conversationType === 'personal';

  return {
    /** What to send for a `wordCopy` reply. */
    async offer(context: TurnContext, draft: Draft, locale: Locale = DEFAULT_LOCALE): Promise<Partial<Activity>> {
      const tx = deps.catalog.texts(locale);
      if (!canConsent(context.activity)) return { type: 'message', text: linkText(tx, 'word.link', draft) };
      const file = await build(draft, tx);
      const ask = { draftId: draft.id, locale };
      return {
        type: 'message',
        attachments: [
          {
            contentType: CONSENT,
            name: file.name,
            content: {
              description: tx.t('word.consentDescription', { title: titleLabel(tx, draft, (t) => t) }),
              sizeInBytes: file.body.length,
              acceptContext: ask,
              declineContext: ask,
            },
          },
        ],
      };
    },

    /** The official's answer to the consent card: upload and show the file, or give the link instead. */
    async consent(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
      const asked = (response.context ?? {}) as { draftId?: unknown; locale?: unknown };
      const tx = deps.catalog.texts(await deps.localeOf(context));
      // Only the official's own drafts can be found: a forged context finds nothing.
      const draft =
        typeof asked.draftId === 'string'
          ? await deps.drafts.get(officialFrom(context.activity).id, asked.draftId)
          : undefined;
      if (!draft) {
        await context.sendActivity(tx.t('word.gone'));
        return;
      }
      const info = response.uploadInfo;
      if (response.action !== 'accept' || !info?.uploadUrl) {
        await context.sendActivity(linkText(tx, 'word.declined', draft));
        return;
      }
      try {
        const file = await build(draft, tx);
        const put = await fetchImpl(info.uploadUrl, {
          method: 'PUT',
          headers: {
            'content-length': String(file.body.length),
            'content-range': `bytes 0-${file.body.length - 1}/${file.body.length}`,
          },
          body: new Uint8Array(file.body),
          signal: AbortSignal.timeout(20_000),
        });
        if (!put.ok) throw new Error(`upload answered ${put.status}`);
        await context.sendActivity({
          type: 'message',
          text: tx.t('word.uploaded'),
          attachments: [
            {
              contentType: FILE_INFO,
              contentUrl: info.contentUrl,
              name: info.name ?? file.name,
              content: { uniqueId: info.uniqueId, fileType: info.fileType ?? 'docx' },
            },
          ],
        });
      } catch {
        // The cause (an HTTP status, a timeout) is Teams' and in English: the official gets the way out.
        await context.sendActivity(linkText(tx, 'word.failed', draft));
      }
    },
  };
}

export type WordCopies = ReturnType<typeof wordCopies>;
