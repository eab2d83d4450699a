import { z } from 'zod';
import { isTimeZone } from '../dialogs/core/workingHours.js';

const optional = z.string().trim().min(1).optional();
const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The whole environment, read once by the composition root and checked here. A bad value stops start-up
 * with a message naming the variable; nothing else in the code reads process.env.
 */
const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** fdatasync every acknowledged answer (survives a power cut); false: survives a crash of the process only. */
    DATA_FSYNC: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /** How long a new process waits for the previous owner of DATA_DIR to let go (an overlapping restart). */
    DATA_LOCK_WAIT_MS: z.coerce.number().int().min(0).default(15_000),
    /** lowdb files (one instance) or Azure Blob Storage (several instances behind a load balancer). */
    STORAGE: z.enum(['lowdb', 'azure']).default('lowdb'),
    AZURE_STORAGE_CONNECTION_STRING: optional,
    AZURE_STORAGE_CONTAINER: z
      .string()
      .regex(/^[a-z0-9-]{3,58}$/, 'lower-case letters, digits and dashes, 3 to 58')
      .default('mesicic'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MicrosoftAppId: optional,
    MicrosoftAppPassword: optional,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: optional,
    /** Where the keys of Teams' tokens are published (the SDK's names); defaults to the public cloud's. */
    ToBotFromChannelOpenIdMetadataUrl: z.url().optional(),
    ToBotFromEmulatorOpenIdMetadataUrl: z.url().optional(),
    SECRETARIAT_TEAM_ID: optional,
    SECRETARIAT_CHANNEL_ID: optional,
    SECRETARIAT_SERVICE_URL: z.url().optional(),
    SECRETARIAT_TENANT_ID: optional,
    SECRETARIAT_LOCALE: z.enum(['es', 'en', 'pt', 'fr']).default('es'),
    /** Comma-separated AAD object ids of reviewers, besides the members of the Secretariat's team. */
    SECRETARIAT_REVIEWERS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    /** Comma-separated Azure AD tenant ids allowed to use the bot; empty allows all (local runs). */
    ALLOWED_TENANTS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
    /** The Secretariat's own repository endpoint; each submission and status change is POSTed there, signed. */
    FORWARD_URL: z.url().optional(),
    FORWARD_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The tab's SSO audiences: api://<host>/<appId> and the bare appId (v2 tokens carry the appId). Empty: no tab. */
    TAB_SSO_AUDIENCE: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    TAB_OPENID_CONFIG_URL: z
      .url()
      .default('https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'),
    /** Extra origins allowed to frame the tab (CSP frame-ancestors), beyond Teams and Microsoft 365. */
    TAB_FRAME_ANCESTORS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    /** The bot's public address (https://host), for links it hands out; defaults to where it listens. */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Signs the short-lived Word download links; without it each process makes its own. */
    FILE_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    OUTBOX_POLL_MS: ms(5_000),
    OUTBOX_BASE_DELAY_MS: ms(2_000),
    OUTBOX_MAX_DELAY_MS: ms(15 * 60_000),
    /** A draft untouched this many days gets one reminder in the official's chat; 0 sends none. */
    REMINDER_AFTER_DAYS: z.coerce.number().int().min(0).max(365).default(7),
    /** How often the reminders' runner looks for what is due (and purges drafts deleted 30 days ago). */
    REMINDER_CHECK_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
    /** Working hours for officials whose time zone Teams never sent: the Secretariat's, in Washington, D.C. */
    REMINDER_TIMEZONE: z
      .string()
      .refine(isTimeZone, 'an IANA time zone such as America/New_York')
      .default('America/New_York'),
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI')
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set',
      });
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId)
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'is required for a SingleTenant app' });
    if (env.STORAGE === 'azure' && !env.AZURE_STORAGE_CONNECTION_STRING)
      ctx.addIssue({
        code: 'custom',
        path: ['AZURE_STORAGE_CONNECTION_STRING'],
        message: 'is required with STORAGE=azure',
      });
    if (env.FORWARD_URL && !env.FORWARD_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['FORWARD_SECRET'],
        message: 'is required with FORWARD_URL (it signs every request)',
      });
    if (env.SECRETARIAT_CHANNEL_ID && !env.SECRETARIAT_SERVICE_URL)
      ctx.addIssue({
        code: 'custom',
        path: ['SECRETARIAT_SERVICE_URL'],
        message: 'is required with SECRETARIAT_CHANNEL_ID',
      });
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Empty strings count as unset, as they do in most .env files. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  // Name the variable and the rule, never the value: it may be a secret.
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
}
