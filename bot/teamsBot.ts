import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
  type TaskModuleRequest,
  type TaskModuleResponse,
  type TurnContext,
} from 'botbuilder';

type Handler = (context: TurnContext) => Promise<void>;

/** Routes each kind of inbound Teams activity to its handler in bot/handlers; holds no logic of its own. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly routes: {
      message: Handler;
      install: Handler;
      fileConsent?: (context: TurnContext, response: FileConsentCardResponse) => Promise<void>;
      /** Universal Actions (Action.Execute): the invoke's answer is a card for the one who pressed, or a message. */
      cardAction?: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
      /** Teams dialogs (task modules), by the kind their button names: see handlers/taskModules.ts. */
      tasks?: {
        fetch(context: TurnContext, data: unknown): Promise<TaskModuleResponse>;
        submit(context: TurnContext, data: unknown): Promise<TaskModuleResponse>;
      };
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

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (!this.routes.cardAction) return super.onAdaptiveCardInvoke(context, value);
    return this.routes.cardAction(context, value);
  }

  protected override async handleTeamsTaskModuleFetch(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    if (!this.routes.tasks) return super.handleTeamsTaskModuleFetch(context, request);
    return this.routes.tasks.fetch(context, request.data);
  }

  protected override async handleTeamsTaskModuleSubmit(
    context: TurnContext,
    request: TaskModuleRequest,
  ): Promise<TaskModuleResponse> {
    if (!this.routes.tasks) return super.handleTeamsTaskModuleSubmit(context, request);
    return this.routes.tasks.submit(context, request.data);
  }
}
