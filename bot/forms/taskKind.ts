import type { TaskModuleResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { WindowService } from '../../dialogs/core/windowService.js';
import { officialFrom } from '../../dialogs/teams/official.js';
import { messageBox, type TaskKinds } from '../handlers/taskModules.js';

const Opened = z.object({
  draftId: z.string().max(100),
  field: z.coerce.number().int().min(1).max(99).optional(),
  all: z.boolean().optional(),
});

const Closed = z.object({ draftId: z.string().max(100), done: z.literal(true) });

export interface FormTaskDeps {
  windows: WindowService;
  publicUrl: () => string;
  /** The window's page needs Teams SSO (the tab's); without it the button answers that the chat is the way. */
  enabled: boolean;
  /** The chat picks up at the draft's step once the window is closed with "Done". */
  continueChat: (context: TurnContext, draftId: string) => Promise<void>;
}

/**
 * "Write in a larger window" (one field) and "Open the whole form" (all twelve): Teams asks the bot what to open
 * (task/fetch) and the bot answers with its form page for the official's own open draft.
 */
export function formTasks(deps: FormTaskDeps): TaskKinds {
  return {
    form: {
      async fetch(context, data): Promise<TaskModuleResponse> {
        const official = officialFrom(context.activity);
        const tx = await deps.windows.texts(official.id, context.activity.locale);
        const asked = Opened.safeParse(data);
        if (!deps.enabled) return messageBox(tx.t('formWindow.unavailable'));
        const opened = asked.success ? await deps.windows.open(official.id, asked.data.draftId) : undefined;
        if (!asked.success || !opened) return messageBox(tx.t('cards.stale'));
        const query = new URLSearchParams({ draft: asked.data.draftId, lang: tx.locale });
        const one = !asked.data.all && asked.data.field ? asked.data.field : undefined;
        if (one) query.set('field', String(one));
        const url = `${deps.publicUrl()}/form?${query.toString()}`;
        const title = tx.t(one ? 'formWindow.title' : 'formWindow.titleAll', {
          title: tx.t('dialogs.formTitle'),
          n: one ?? '',
        });
        return { task: { type: 'continue', value: { title, url, fallbackUrl: url, width: 'large', height: 'large' } } };
      },
      async submit(context, data) {
        const closed = Closed.safeParse(data);
        if (closed.success) await deps.continueChat(context, closed.data.draftId);
        return undefined;
      },
    },
  };
}
