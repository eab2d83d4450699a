import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
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
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(options));
}
