// Fills `${{NAME}}` placeholders (the Teams Toolkit convention) in the manifest template.

const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

/**
 * Replaces every `${{NAME}}` in `template` with `values[NAME]`.
 * Throws if the template uses a name that has no value, so nothing half-filled ships.
 * Values are JSON-escaped because they land inside JSON strings.
 */
export function fillPlaceholders(template: string, values: Readonly<Record<string, string>>): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (token, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return token;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new Error(`No value for manifest placeholder(s): ${[...missing].join(', ')}`);
  return filled;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The bot id is the Microsoft App ID of the Azure Bot registration. */
export function assertBotId(botId: string): void {
  if (!GUID.test(botId)) throw new Error(`BOT_ID must be a GUID (the Azure Bot's Microsoft App ID), got "${botId}"`);
}

/** validDomains wants a bare host name: no scheme, port or path. */
export function assertHostname(hostname: string): void {
  if (!HOSTNAME.test(hostname)) {
    throw new Error(
      `APP_HOSTNAME must be a bare host name like "bot.example.org" (no https://, port or path), got "${hostname}"`,
    );
  }
}
