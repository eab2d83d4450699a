import { ActivityTypes, CardFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { answeredCard, stepHeader } from './cards/cards.js';
import { cardActionFrom } from './cardAction.js';
import type { FormEngine } from './core/engine.js';
import type { Catalog } from './core/texts.js';
import type { Reply } from './core/views.js';
import { officialFrom, textFrom } from './official.js';
import { toActivities } from './render.js';

export const PRACTICE_DIALOG = 'practice';

/**
 * The whole guided form as one Bot Framework dialog. It holds no state of its own: where the official is
 * lives in their draft on disk, so a restart, another device or a lost dialog stack resume at the same step.
 */
export class PracticeDialog extends Dialog {
  constructor(
    private readonly engine: FormEngine,
    private readonly catalog: Catalog,
  ) {
    super(PRACTICE_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const action = cardActionFrom(activity.value);
    const replies = await this.engine.turn({
      official: officialFrom(activity),
      text: action ? '' : textFrom(activity),
      locale: activity.locale,
      ...(action ? { action } : {}),
    });
    if (action && activity.replyToId) await this.markAnswered(dc.context, activity.replyToId, replies);
    await dc.context.sendActivities(toActivities(replies, this.catalog));
    return Dialog.EndOfTurn;
  }

  /** The card that was answered is redrawn in place without its buttons, so it cannot be submitted twice. */
  private async markAnswered(context: TurnContext, cardId: string, replies: Reply[]): Promise<void> {
    const ack = replies.find((r) => r.view?.type === 'ack')?.view;
    if (ack?.type !== 'ack') return;
    const tx = this.catalog.texts(replies.find((r) => r.locale)?.locale ?? 'es');
    const card = answeredCard(stepHeader(tx, ack.step), ack.text, tx.t('cards.answered'));
    await context.updateActivity({ id: cardId, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(card)] });
  }
}
