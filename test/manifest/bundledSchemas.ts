// Loads the Teams JSON schemas that ship inside @microsoft/app-manifest, so schema
// validation in tests never depends on the network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppManifestUtils } from '@microsoft/app-manifest';

export type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;
export type SchemaFile = 'MicrosoftTeams.schema.json' | 'MicrosoftTeams.Localization.schema.json';

const require = createRequire(import.meta.url);
const SCHEMA_ROOT = join(
  dirname(require.resolve('@microsoft/app-manifest/package.json')),
  'build',
  'json-schemas',
  'teams',
);

/** The public URL Teams tooling uses for a schema; manifests point their $schema here. */
export function schemaUrl(manifestVersion: string, file: SchemaFile): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/${file}`;
}

/** Reads the bundled copy of a schema; throws (instead of fetching) if the package lacks it. */
export async function loadBundledSchema(manifestVersion: string, file: SchemaFile): Promise<ManifestSchema> {
  const text = await readFile(join(SCHEMA_ROOT, `v${manifestVersion}`, file), 'utf8');
  const schema = JSON.parse(text.replace(/^\uFEFF/, '')) as ManifestSchema; // some schema files start with a BOM
  return escapeLoneBrackets(schema);
}

/**
 * Microsoft's localization schemas contain patternProperties such as
 * `^activities.activityTypes\[\b(...)\b]\.description$`, whose unescaped `]` is a
 * syntax error for the unicode-mode regexes ajv compiles, so the schema would not
 * load at all. Escape that bracket; the keys affected are ones this app never uses.
 */
function escapeLoneBrackets<T>(node: T): T {
  if (Array.isArray(node)) return node.map(escapeLoneBrackets) as T;
  if (node === null || typeof node !== 'object') return node;
  const fixed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) fixed[key] = escapeLoneBrackets(value);
  if ('patternProperties' in fixed && typeof fixed.patternProperties === 'object' && fixed.patternProperties !== null) {
    fixed.patternProperties = Object.fromEntries(
      Object.entries(fixed.patternProperties).map(([pattern, value]) => [
        compilesAsUnicode(pattern) ? pattern : pattern.replaceAll('\\b]', '\\b\\]'),
        value,
      ]),
    );
  }
  return fixed as T;
}

function compilesAsUnicode(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}
