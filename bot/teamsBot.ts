import { TeamsActivityHandler, type FileConsentCardResponse, type TurnContext } from 'botbuilder';

type Handler = (context: TurnContext) => Promise<void>;

/** Routes each kind of inbound Teams activity to its handler in bot/handlers; holds no logic of its own. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly routes: {
      message: Handler;
      install: Handler;
      fileConsent?: (context: TurnContext, response: FileConsentCardResponse) => Promise<void>;
    },
  ) {
    super();
    this.onMessage(async (context, next) => {
      await routes.message(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) await routes.install(context);
      await next();
    });
  }

  /** Teams' answer to a file consent card (accept or decline), one handler for both. */
  protected override async handleTeamsFileConsent(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    if (this.routes.fileConsent) await this.routes.fileConsent(context, response);
  }
}
