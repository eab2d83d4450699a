import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from 'pino';

export const isProactive = (context: TurnContext) =>
  context.activity.type === 'event' && context.activity.name === 'ContinueConversation';

export function tenantOf(context: TurnContext): string | undefined {
  const a = context.activity;
  return (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? a.conversation?.tenantId;
}

/**
 * Restricting tenants is the bot's own job (the Bot Service lets any tenant talk to a multi-tenant bot).
 * Activities from other tenants get a polite answer and never reach the dialog or storage.
 */
export function allowTenants(
  allowed: readonly string[],
  refusal: (context: TurnContext) => string,
  logger: Logger,
): Middleware {
  const set = new Set(allowed);
  return {
    async onTurn(context, next) {
      // Proactive turns (ContinueConversation) are the bot's own sends, not a tenant knocking.
      if (set.size === 0 || isProactive(context)) return next();
      const tenant = tenantOf(context);
      if (tenant && set.has(tenant)) return next();
      logger.warn(
        { tenant: tenant ?? null, type: context.activity.type },
        'activity from a tenant that is not allowed',
      );
      if (context.activity.type === 'message') await context.sendActivity(refusal(context));
    },
  };
}
