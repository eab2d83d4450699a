import {
  createRemoteJWKSet,
  customFetch,
  errors as joseErrors,
  jwtVerify,
  type FetchImplementation,
  type JWTPayload,
} from 'jose';

/** Who the tab's API is talking to, as Azure AD vouched for it. Never anything the page claims. */
export interface TabUser {
  aadObjectId: string;
  name?: string;
  tenantId: string;
}

export type Identify = (authorization: string | undefined) => Promise<TabUser>;

export interface IdentityOptions {
  /** Default: the multi-tenant Azure AD v2 OpenID configuration. */
  openIdConfigUrl?: string;
  /** The tab's application ID URI (`api://<host>/<appId>`); also list the bare app id if the app registration issues v2 tokens with it. */
  audience: string | readonly string[];
  /** Empty or absent: every tenant. */
  allowedTenants?: readonly string[];
  /** The delegated scope Teams SSO asks for; app-only tokens (no `scp`) are refused. Default `access_as_user`. */
  requiredScope?: string;
  /** `{tenantid}` is replaced by the token's own `tid`. */
  issuerTemplate?: string;
  clockToleranceSeconds?: number;
}

export const DEFAULT_OPENID_CONFIG = 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration';
const DEFAULT_ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refusal; the message is safe to log (it never contains the token). */
export class IdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityError';
  }
}

/** Azure AD's configuration or keys could not be had: our side cannot verify, whatever the token. Safe to log. */
export class IdentityUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdentityUnavailable';
  }
}

/**
 * Verifies a Teams SSO token (an Azure AD v2 access token): signature against the keys the OpenID configuration
 * names, audience, issuer for the token's own tenant, lifetime, the delegated scope, and the tenant allow-list.
 * The configuration and the key set are fetched once and cached (jose refreshes the keys when an unknown `kid`
 * appears, at most every 30 s); a failed fetch is retried on the next request. A configuration or key set that
 * cannot be fetched or read throws IdentityUnavailable, never IdentityError: the caller may well be genuine.
 */
export function createIdentify(options: IdentityOptions): Identify {
  const configUrl = options.openIdConfigUrl ?? DEFAULT_OPENID_CONFIG;
  const audience = typeof options.audience === 'string' ? [options.audience] : [...options.audience];
  if (audience.length === 0 || audience.some((a) => !a)) throw new Error('The tab needs an SSO audience');
  const scope = options.requiredScope ?? 'access_as_user';
  const issuerOf = (tid: string) => (options.issuerTemplate ?? DEFAULT_ISSUER).replace('{tenantid}', tid);

  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () => {
    keys ??= discover(configUrl).catch((err: unknown) => {
      keys = undefined;
      throw err;
    });
    return keys;
  };

  return async (authorization) => {
    const token = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) throw new IdentityError('no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        audience,
        algorithms: ['RS256'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iss', 'tid', 'oid'],
      }));
    } catch (err) {
      if (err instanceof IdentityUnavailable) throw err;
      // A late or malformed key set is Azure AD's side, not the token's.
      if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid)
        throw new IdentityUnavailable(`key set: ${err.code}`);
      if (err instanceof joseErrors.JOSEError) throw new IdentityError(`token refused: ${err.code}`);
      throw err;
    }
    const tid = typeof payload.tid === 'string' && GUID.test(payload.tid) ? payload.tid : undefined;
    if (!tid) throw new IdentityError('token has no tenant');
    if (payload.iss !== issuerOf(tid)) throw new IdentityError('token issuer does not match its tenant');
    if (options.allowedTenants && options.allowedTenants.length > 0 && !options.allowedTenants.includes(tid))
      throw new IdentityError('tenant not allowed');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(scope)) throw new IdentityError('token lacks the delegated scope');
    if (typeof payload.oid !== 'string' || !GUID.test(payload.oid)) throw new IdentityError('token has no user');
    return {
      aadObjectId: payload.oid,
      tenantId: tid,
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    };
  };
}

/** Only the error's name is kept: a fetch error's message and cause name hosts and ports. */
const unavailable = (what: string, err: unknown) =>
  new IdentityUnavailable(`${what} could not be fetched (${err instanceof Error ? err.name : typeof err})`);

async function discover(configUrl: string): Promise<ReturnType<typeof createRemoteJWKSet>> {
  let doc: { jwks_uri?: unknown };
  try {
    const res = await fetch(configUrl, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
    if (!res.ok) throw new IdentityUnavailable(`OpenID configuration answered ${res.status}`);
    doc = (await res.json()) as { jwks_uri?: unknown };
  } catch (err) {
    throw err instanceof IdentityUnavailable ? err : unavailable('OpenID configuration', err);
  }
  if (typeof doc?.jwks_uri !== 'string' || !URL.canParse(doc.jwks_uri))
    throw new IdentityUnavailable('OpenID configuration has no jwks_uri');
  return createRemoteJWKSet(new URL(doc.jwks_uri), { [customFetch]: fetchKeys });
}

/** The key set's fetch for jose: a network failure, an error status or a body that is not JSON is ours, not the token's. */
const fetchKeys: FetchImplementation = async (url, init) => {
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, init);
    status = res.status;
    text = await res.text();
  } catch (err) {
    throw unavailable('key set', err);
  }
  if (status !== 200) throw new IdentityUnavailable(`key set answered ${status}`);
  try {
    JSON.parse(text);
  } catch {
    throw new IdentityUnavailable('key set is not JSON');
  }
  return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
};
