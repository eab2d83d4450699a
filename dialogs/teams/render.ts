import { CardFactory, MessageFactory, type Activity } from 'botbuilder';
import {
  homeCard,
  importedCard,
  notificationCard,
  problemUnderInput,
  questionCard,
  receiptCard,
  reviewCard,
  type Card,
  type CardOptions,
} from '../cards/cards.js';
import type { Reply, View } from '../core/views.js';
import type { Catalog } from '../core/texts.js';
import { DEFAULT_LOCALE } from '../core/normalize.js';

function cardFor(catalog: Catalog, reply: Reply, options: CardOptions): Card | undefined {
  const view: View | undefined = reply.view;
  if (!view) return undefined;
  const tx = catalog.texts(reply.locale ?? DEFAULT_LOCALE);
  switch (view.type) {
    case 'question':
      return questionCard(tx, view.draft, undefined, view.typed, options);
    case 'review':
      return reviewCard(tx, view.draft, undefined, options);
    case 'home':
      return homeCard(tx, view.official, view.drafts);
    case 'receipt':
      return receiptCard(tx, view.record, view.already);
    case 'notification':
      return notificationCard(tx, view.record);
    case 'imported':
      return importedCard(tx, view);
    case 'ack':
    case 'wordCopy':
      return undefined;
  }
}

/** The cards that take the text before them as their first line. */
const ABSORBS = new Set<View['type']>(['question', 'review', 'imported']);

function withLead(card: Card, lead: string): Card {
  const body = Array.isArray(card.body) ? (card.body as unknown[]) : [];
  return { ...card, body: [{ type: 'TextBlock', text: lead, wrap: true, spacing: 'None' }, ...body] };
}

/**
 * Replies become as few messages as possible: the texts so far, and the card that follows them, in one
 * message. Without a catalog (plain-text channels) every reply is text. Teams allows 7 messages a second.
 */
export function toActivities(replies: Reply[], catalog?: Catalog, options: CardOptions = {}): Partial<Activity>[] {
  const out: Partial<Activity>[] = [];
  let texts: string[] = [];
  for (const reply of replies) {
    const card = catalog ? cardFor(catalog, reply, options) : undefined;
    if (card) {
      // What was said before a question ("Guardado ✓ …", an error) is the card's first line, not a bubble of its
      // own: one message per step. Chat text and card text escape officials' words the same way (backslashes).
      const lead = texts.length && ABSORBS.has(reply.view!.type) ? texts.join('\n\n') : '';
      // A refused answer asked again: what is wrong goes right under the box that holds the answer to correct.
      const refused = reply.view?.type === 'question' && reply.view.typed !== undefined;
      const drawn = lead ? (refused ? problemUnderInput(card, lead) : withLead(card, lead)) : card;
      out.push({
        type: 'message',
        ...(texts.length && !lead ? { text: texts.join('\n\n') } : {}),
        attachments: [CardFactory.adaptiveCard(drawn)],
      });
      texts = [];
    } else if (reply.text) texts.push(reply.text);
  }
  if (texts.length) out.push(MessageFactory.text(texts.join('\n\n')));
  return out;
}
