import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator.js';
import {
  AuthenticationConstants,
  AuthenticationError,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { isLoopbackUrl } from './guards/inbound.js';

/**
 * CloudAdapter with the app's credentials. Without MicrosoftAppId it accepts unauthenticated requests, which is
 * only for local runs (Emulator, Agents Playground, tests); with one, every request must carry a valid token.
 */
export function createAdapter(config: Config, settings: Partial<StrictOptions> = {}): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppType: config.MicrosoftAppType,
    ...(config.MicrosoftAppId ? { MicrosoftAppId: config.MicrosoftAppId } : {}),
    ...(config.MicrosoftAppPassword ? { MicrosoftAppPassword: config.MicrosoftAppPassword } : {}),
    ...(config.MicrosoftAppTenantId ? { MicrosoftAppTenantId: config.MicrosoftAppTenantId } : {}),
    ...(config.ToBotFromChannelOpenIdMetadataUrl || config.ToBotFromEmulatorOpenIdMetadataUrl
      ? publicCloud(config)
      : {}),
  };
  // Two layers of retry: the SDK's HTTP client retries 5xx and 429 (honouring Retry-After) within a call;
  // the outbox retries whatever still fails (412, long outages) across passes and restarts.
  return new StrictCloudAdapter(new ReusedConnectors(options), {
    anonymous: !config.MicrosoftAppId,
    logger: settings.logger ?? pino({ level: config.LOG_LEVEL }),
    verifyTimeoutMs: settings.verifyTimeoutMs ?? 10_000,
  });
}

/**
 * Given any one endpoint, the SDK takes every endpoint as given (the rest undefined, so every token fails): the
 * public cloud's values, but for the metadata documents the configuration names.
 */
function publicCloud(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl:
      config.ToBotFromChannelOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl:
      config.ToBotFromEmulatorOpenIdMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
  };
}

/** Service URLs are a handful (one per Teams region); more than this means something is wrong, so start over. */
const MAX_CLIENTS = 100;

const appIdOf = (identity: ClaimsIdentity) =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
  identity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
  '';

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

export interface StrictOptions {
  /** No MicrosoftAppId: requests carry no token, so only loopback service URLs are believed. */
  anonymous: boolean;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Teams gives up after 15 s; an identity provider that does not answer must not hold the request longer. */
  verifyTimeoutMs: number;
}

/** JSON bodies of the answers to /api/messages: fixed texts, never an error's message. */
export const REFUSED = { error: 'Unauthorized' } as const;
export const CANNOT_VERIFY = { error: 'Cannot verify the request right now' } as const;
export const FAILED = { error: 'Internal error' } as const;
export const RETRY_AFTER_SECONDS = 30;

/** jsonwebtoken's own failures, which the SDK rethrows as they are: the token's fault. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

class VerifyTimeout extends Error {
  override readonly name = 'VerifyTimeout';
}

/** 401 when the token is at fault; anything else while verifying (keys or metadata unreachable, malformed, late) is ours. */
function isCallersFault(err: unknown): boolean {
  if (err instanceof AuthenticationError) return err.statusCode < 500;
  return err instanceof Error && TOKEN_ERRORS.has(err.name);
}

/**
 * The SDK's own HTTP handling answers any failure with its message as the body: a fetch error (the identity
 * provider unreachable) becomes a 500 naming hosts and ports. This adapter answers /api/messages itself: 401 for a
 * bad token, 503 with Retry-After when the keys cannot be had, 500 for a failed turn, each with a fixed body.
 */
class StrictCloudAdapter extends CloudAdapter {
  constructor(
    auth: BotFrameworkAuthentication,
    private readonly options: StrictOptions,
  ) {
    super(auth);
  }

  // One signature for the SDK's three overloads; only the HTTP one (req, res, logic) is handled here.
  override async process(
    req: Request,
    resOrSocket: unknown,
    logicOrHead: unknown,
    maybeLogic?: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    if (maybeLogic) {
      // Web sockets and named pipes: not served by this bot; left to the SDK as they were.
      return (super.process as (...args: unknown[]) => Promise<void>).call(
        this,
        req,
        resOrSocket,
        logicOrHead,
        maybeLogic,
      );
    }
    const res = resOrSocket as Response;
    const logic = logicOrHead as (context: TurnContext) => Promise<void>;
    const answer = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      for (const [name, value] of Object.entries(headers)) res.header(name, value);
      res.status(status);
      if (body !== undefined) res.send(body);
      res.end();
    };

    const body = req.body;
    if (req.method !== 'POST') return answer(405);
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof body.type !== 'string')
      return answer(400, { error: 'Invalid activity' });
    const activity = validateAndFixActivity(body as unknown as Activity);
    if (this.options.anonymous && !isLoopbackUrl(activity.serviceUrl)) {
      // Without a token nothing vouches for serviceUrl: replies would go wherever the request says.
      return answer(400, {
        error: 'Invalid activity',
        problems: [
          'serviceUrl: without MicrosoftAppId only loopback addresses (localhost, 127.0.0.0/8, ::1) are accepted',
        ],
      });
    }

    const header = req.headers.authorization ?? req.headers.Authorization;
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.authenticate(activity, typeof header === 'string' ? header : '');
    } catch (err) {
      const name = err instanceof Error ? err.name : typeof err;
      if (isCallersFault(err)) {
        this.options.logger.info({ reason: name }, 'request refused: invalid token');
        return answer(401, REFUSED, { 'WWW-Authenticate': 'Bearer' });
      }
      this.options.logger.warn({ err: { name } }, 'cannot verify the request: identity provider unavailable');
      return answer(503, CANNOT_VERIFY, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
    }

    let result: InvokeResponse | undefined;
    try {
      result = await this.processActivity(auth, activity, logic);
    } catch (err) {
      // onTurnError handles the bot's own failures; what reaches here failed around the turn (connector set-up).
      const e = err instanceof Error ? err : new Error(String(err));
      this.options.logger.error({ err: { name: e.name, message: e.message } }, 'activity failed outside the turn');
      return answer(500, FAILED);
    }
    answer(result?.status ?? 200, result?.body);
  }

  private async authenticate(activity: Activity, header: string): Promise<AuthenticateRequestResult> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_ok, fail) => {
      timer = setTimeout(
        () => fail(new VerifyTimeout('identity provider did not answer in time')),
        this.options.verifyTimeoutMs,
      );
    });
    try {
      // race subscribes to both, so a verification that fails after the timeout is not an unhandled rejection.
      return await Promise.race([this.botFrameworkAuthentication.authenticateRequest(activity, header), late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
