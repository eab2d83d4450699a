import { TeamsActivityHandler, type TurnContext } from 'botbuilder';

type Handler = (context: TurnContext) => Promise<void>;

/** Routes each kind of inbound Teams activity to its handler in bot/handlers; holds no logic of its own. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(handlers: { message: Handler; install: Handler }) {
    super();
    this.onMessage(async (context, next) => {
      await handlers.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await handlers.install(context);
      await next();
    });
  }
}
