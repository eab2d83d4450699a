import { ActivityTypes } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { FormEngine } from './core/engine.js';
import { officialFrom, textFrom } from './official.js';
import { toActivities } from './render.js';

export const PRACTICE_DIALOG = 'practice';

/**
 * The whole guided form as one Bot Framework dialog. It holds no state of its own: where the official is
 * lives in their draft on disk, so a restart, another device or a lost dialog stack resume at the same step.
 */
export class PracticeDialog extends Dialog {
  constructor(private readonly engine: FormEngine) {
    super(PRACTICE_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    if (activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const replies = await this.engine.turn({ official: officialFrom(activity), text: textFrom(activity), locale: activity.locale });
    await dc.context.sendActivities(toActivities(replies));
    return Dialog.EndOfTurn;
  }
}
