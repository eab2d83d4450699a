import { readFileSync } from 'node:fs';
import * as ACData from 'adaptivecards-templating';
import { FIELDS, partId, type Table } from '../core/fields.js';
import type { PracticeRecord } from '../core/practice.js';
import type { Texts } from '../core/texts.js';
import { shortTitle } from '../core/views.js';
import { escapeCardText as esc } from './escape.js';
import type { Card } from './cards.js';

// The reviewers' dialogs (Teams task modules drawn as cards): templates bound to data, as the chat's cards are.
// Their titles are the dialogs' own (Teams draws them above the card), so the cards do not repeat them.
function template(name: string): ACData.Template {
  return new ACData.Template(JSON.parse(readFileSync(new URL(`./templates/${name}.json`, import.meta.url), 'utf8')));
}
const TEMPLATES = {
  returnDialog: template('returnDialog'),
  acceptDialog: template('acceptDialog'),
  wordDialog: template('wordDialog'),
};
const expand = (name: keyof typeof TEMPLATES, data: Record<string, unknown>): Card =>
  TEMPLATES[name].expand({ $root: data }) as Card;

/** How long one field's comment may be: room to explain, and twelve of them stay far under a message's size. */
export const RETURN_COMMENT_MAX = 2_000;
const PREVIEW = 140;

/** Return: one box per field, for what to revise in it; a field left empty is not returned. */
export function returnDialogCard(
  tx: Texts,
  record: PracticeRecord,
  typed: Record<number, string> = {},
  error = '',
  fields: Table = FIELDS,
): Card {
  return expand('returnDialog', {
    intro: tx.t('reviewDialog.returnIntro'),
    error,
    fields: fields.map((f) => {
      const text = f.parts
        .map((p) => record.answers[partId(f, p)]?.text ?? '')
        .filter(Boolean)
        .join(' · ');
      return {
        number: f.number,
        heading: `${f.number}. ${tx.t(`fields.${f.key}.label`)}`,
        preview: esc(text.length > PREVIEW ? `${text.slice(0, PREVIEW).trimEnd()}…` : text) || ' ',
        comment: typed[f.number] ?? '',
      };
    }),
    maxLength: RETURN_COMMENT_MAX,
    placeholder: tx.t('reviewDialog.commentPlaceholder'),
    send: tx.t('reviewDialog.send'),
    reference: record.reference,
    version: record.version,
  });
}

/** Accept, where a client cannot run the card's one-click action: the same decision, confirmed in a dialog. */
export function acceptDialogCard(tx: Texts, record: PracticeRecord): Card {
  return expand('acceptDialog', {
    question: tx.t('reviewDialog.acceptQuestion', { version: record.version, title: esc(shortTitle(record.title)) }),
    confirm: tx.t('reviewing.accept'),
    reference: record.reference,
    version: record.version,
  });
}

/** The Word file and the attached files, as links signed for the one reviewer who asked. */
export function wordDialogCard(
  tx: Texts,
  url: string,
  files: Array<{ name: string; url: string; size: string }>,
): Card {
  return expand('wordDialog', {
    note: tx.t('reviewDialog.wordNote'),
    filesHeading: tx.t('attachments.heading'),
    files: files.map((f) => ({ line: `[${esc(f.name)}](${f.url}) (${f.size})` })),
    download: tx.t('reviewDialog.download'),
    url,
  });
}
