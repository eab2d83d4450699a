import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Config } from './config.js';

/**
 * CloudAdapter with the app's credentials. Without MicrosoftAppId it accepts unauthenticated requests, which is
 * only for local runs (Emulator, Agents Playground, tests); with one, every request must carry a valid token.
 */
export function createAdapter(config: Config): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppType: config.MicrosoftAppType,
    ...(config.MicrosoftAppId ? { MicrosoftAppId: config.MicrosoftAppId } : {}),
    ...(config.MicrosoftAppPassword ? { MicrosoftAppPassword: config.MicrosoftAppPassword } : {}),
    ...(config.MicrosoftAppTenantId ? { MicrosoftAppTenantId: config.MicrosoftAppTenantId } : {}),
  };
  // Two layers of retry: the SDK's HTTP client retries 5xx and 429 (honouring Retry-After) within a call;
  // the outbox retries whatever still fails (412, long outages) across passes and restarts.
  return new StrictCloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * The SDK rethrows some token failures (a bad signature under a published key id) as plain errors, which it then
 * answers with 500. A bad token is the caller's fault: 401, like every other authentication failure.
 */
class StrictCloudAdapter extends CloudAdapter {
  // any: processActivity has overloads that an override cannot restate; arguments pass through untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async processActivity(...args: any[]): Promise<any> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return await (super.processActivity as (...a: any[]) => Promise<any>).apply(this, args);
    } catch (err) {
      if (err instanceof Error && TOKEN_ERRORS.has(err.name)) throw new AuthenticationError(`Unauthorized: ${err.message}`, 401);
      throw err;
    }
  }
}
