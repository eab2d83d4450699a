import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, ConnectorFactory, type ClaimsIdentity, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
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
  return new StrictCloudAdapter(new ReusedConnectors(options));
}

/** Service URLs are a handful (one per Teams region); more than this means something is wrong, so start over. */
const MAX_CLIENTS = 100;

const appIdOf = (identity: ClaimsIdentity) =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/**
 * The SDK builds a new ConnectorClient and a new UserTokenClient (credentials, an HTTP pipeline of a dozen
 * policies each) for every turn and every proactive message, though the bot never uses the second. Neither
 * holds anything of the turn, so one per app id (and service URL and audience) is kept and reused, as the
 * SDK's older BotFrameworkAdapter did: the largest fixed cost of a turn after the HTTP itself (measured in
 * `npm run bench`).
 */
export class ReusedConnectors extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    let client = this.tokenClients.get(appId);
    if (!client) {
      if (this.tokenClients.size >= MAX_CLIENTS) this.tokenClients.clear();
      client = super.createUserTokenClient(claimsIdentity);
      this.tokenClients.set(appId, client);
      client.catch(() => this.tokenClients.delete(appId));
    }
    return client;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const appId = appIdOf(claimsIdentity);
    const clients = this.clients;
    return new (class extends ConnectorFactory {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\u0000${serviceUrl}\u0000${audience ?? ''}`;
        let client = clients.get(key);
        if (!client) {
          if (clients.size >= MAX_CLIENTS) clients.clear();
          client = inner.create(serviceUrl, audience);
          clients.set(key, client);
          // A failed creation (credentials) is not kept: the next turn tries again.
          client.catch(() => clients.delete(key));
        }
        return client;
      }
    })();
  }
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
