import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppManifestUtils,
  TeamsManifestConverter,
  type AppManifest,
  type TeamsManifestV1D22,
} from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { buildAppPackage, PACKAGE_FILE_NAME } from '../../manifest/package.js';
import { loadBundledSchema, schemaUrl } from './bundledSchemas.js';

type Manifest = TeamsManifestV1D22.TeamsManifestV1D22;

// A random id proves the placeholder is really filled, not left at a default.
const BOT_ID = randomUUID();
const HOSTNAME = 'mesicic-bot.example.org';
const EXPECTED_COMMANDS = ['new', 'resume', 'status', 'help'];
const EXPECTED_TEAM_COMMANDS = ['list', 'word', 'areas', 'export'];
const EXPECTED_LANGUAGES = ['es', 'pt-br', 'fr'];

describe('Teams app package (manifest/package.ts)', () => {
  let workDir: string;
  let zipPath: string;
  let zip: JSZip;
  let manifestText: string;
  let manifest: Manifest;

  const entry = async (name: string): Promise<Buffer> => {
    const file = zip.file(name);
    assert.ok(file, `${name} is missing from the zip`);
    return file.async('nodebuffer');
  };
  const png = async (name: string): Promise<PNG> => PNG.sync.read(await entry(name));

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'mesicic-manifest-'));
    zipPath = await buildAppPackage({ botId: BOT_ID, hostname: HOSTNAME, outDir: join(workDir, 'out') });
    zip = await JSZip.loadAsync(await readFile(zipPath));
    manifestText = (await entry('manifest.json')).toString('utf8');
    const parsed = TeamsManifestConverter.jsonToManifest(manifestText); // throws on type mismatches
    assert.equal(parsed.manifestVersion, '1.22');
    manifest = parsed;
  });

  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('writes mesicic-bot.zip into outDir and returns its path', () => {
    assert.equal(zipPath, join(workDir, 'out', PACKAGE_FILE_NAME));
  });

  it('contains exactly the manifest plus the icons and translations it references, at the zip root', () => {
    const referenced = [
      'manifest.json',
      manifest.icons.color,
      manifest.icons.outline,
      ...(manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file),
    ];
    const present = Object.values(zip.files)
      .filter((f) => !f.dir)
      .map((f) => f.name);
    assert.deepEqual([...present].sort(), [...referenced].sort());
  });

  it('fills the placeholders with the given bot id and host name', async () => {
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.json'))) {
      assert.doesNotMatch((await entry(name)).toString('utf8'), /\$\{\{/, `${name} still has a placeholder`);
    }
    assert.equal(manifest.id, BOT_ID);
    assert.equal(manifest.bots?.[0]?.botId, BOT_ID);
    assert.deepEqual(manifest.validDomains, [HOSTNAME]);
  });

  it('manifest.json passes the Teams schema bundled with @microsoft/app-manifest', async () => {
    assert.equal(manifest.$schema, schemaUrl(manifest.manifestVersion, 'MicrosoftTeams.schema.json'));
    const schema = await loadBundledSchema(manifest.manifestVersion, 'MicrosoftTeams.schema.json');
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest, schema), []);
  });

  it('schema validation does report errors for a broken manifest (so the check above means something)', async () => {
    const broken = JSON.parse(manifestText) as Record<string, unknown>;
    delete broken.developer;
    broken.accentColor = 'blue';
    const schema = await loadBundledSchema(manifest.manifestVersion, 'MicrosoftTeams.schema.json');
    // Deliberately not a valid manifest any more: the validator is to say so.
    const errors = await AppManifestUtils.validateAgainstSchema(broken as unknown as AppManifest, schema);
    assert.ok(
      errors.some((e) => e.includes('developer')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.startsWith('/accentColor')),
      errors.join('\n'),
    );
  });

  it('declares a conversational bot: new, resume, status and help in personal chat, the reviewer commands in teams', () => {
    assert.equal(manifest.bots?.length, 1);
    const bot = manifest.bots[0]!;
    assert.deepEqual([...bot.scopes].sort(), ['personal', 'team']);
    // Officials send their filled Word format in the personal chat, and get their Word copy through file consent.
    assert.equal(bot.supportsFiles, true);
    assert.equal(bot.isNotificationOnly, false);
    // Officials' commands in the personal chat; the reviewers' in a team (the Secretariat's channel).
    const expected = { personal: EXPECTED_COMMANDS, team: EXPECTED_TEAM_COMMANDS };
    for (const scope of ['personal', 'team'] as const) {
      const lists = (bot.commandLists ?? []).filter((l) => l.scopes.includes(scope));
      assert.equal(lists.length, 1, `exactly one command list for scope ${scope}`);
      assert.deepEqual(
        lists[0]!.commands.map((c) => c.title),
        expected[scope],
      );
      for (const command of lists[0]!.commands)
        assert.ok(command.description.trim(), `${command.title} has a description`);
    }
  });

  it('uses English as the default language and lists es, pt-br and fr', () => {
    assert.equal(manifest.localizationInfo?.defaultLanguageTag, 'en');
    assert.deepEqual(
      manifest.localizationInfo.additionalLanguages?.map((l) => l.languageTag),
      EXPECTED_LANGUAGES,
    );
  });

  it('color icon is a 192×192 PNG whose background is the accent colour', async () => {
    const icon = await png(manifest.icons.color);
    assert.deepEqual([icon.width, icon.height], [192, 192]);
    const at = (12 * icon.width + 96) * 4; // top centre, outside the shield
    const rgba = [...icon.data.subarray(at, at + 4)];
    const accent = manifest.accentColor
      .slice(1)
      .match(/../g)!
      .map((h) => parseInt(h, 16));
    assert.deepEqual(rgba, [...accent, 255]);
  });

  it('outline icon is a 32×32 PNG, white on transparent only', async () => {
    const icon = await png(manifest.icons.outline);
    assert.deepEqual([icon.width, icon.height], [32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < icon.data.length; i += 4) {
      const [r, g, b, a] = icon.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4} is not white`);
      if (a === 255) opaque++;
    }
    // A real glyph: neither empty nor a filled square.
    assert.ok(opaque > 32 * 32 * 0.3, `only ${opaque} opaque pixels`);
    assert.ok(transparent > 32 * 32 * 0.1, `only ${transparent} transparent pixels`);
  });

  describe('localization files', () => {
    const COMMAND_KEY = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;

    const localization = async (tag: string): Promise<Record<string, string>> => {
      const file = manifest.localizationInfo?.additionalLanguages?.find((l) => l.languageTag === tag)?.file;
      assert.ok(file, `no file for ${tag}`);
      return JSON.parse((await entry(file)).toString('utf8')) as Record<string, string>;
    };

    /** Every string in the manifest that a translation must provide. */
    const expectedKeys = (): string[] => {
      const keys = ['name.short', 'name.full', 'description.short', 'description.full'];
      manifest.staticTabs?.forEach((_, t) => keys.push(`staticTabs[${t}].name`));
      manifest.bots?.forEach((bot, b) =>
        bot.commandLists?.forEach((list, l) =>
          list.commands.forEach((_, c) => {
            keys.push(`bots[${b}].commandLists[${l}].commands[${c}].title`);
            keys.push(`bots[${b}].commandLists[${l}].commands[${c}].description`);
          }),
        ),
      );
      return keys.sort();
    };

    for (const tag of EXPECTED_LANGUAGES) {
      describe(tag, () => {
        it('passes the bundled localization schema of the same manifest version', async () => {
          const strings = await localization(tag);
          assert.equal(strings.$schema, schemaUrl(manifest.manifestVersion, 'MicrosoftTeams.Localization.schema.json'));
          const schema = await loadBundledSchema(manifest.manifestVersion, 'MicrosoftTeams.Localization.schema.json');
          // The validator is schema-agnostic; only its parameter type is narrowed to manifests.
          const errors = await AppManifestUtils.validateAgainstSchema(strings as unknown as AppManifest, schema);
          assert.deepEqual(errors, []);
        });

        it('translates every manifest string, with no unknown keys', async () => {
          const strings = await localization(tag);
          const keys = Object.keys(strings).filter((k) => k !== '$schema');
          assert.deepEqual([...keys].sort(), expectedKeys());
          for (const key of keys) assert.ok(strings[key]!.trim(), `${key} is empty`);
          assert.notEqual(strings['name.short'], manifest.name.short, 'name.short is not translated');
          assert.notEqual(strings['description.full'], manifest.description.full, 'description.full is not translated');
        });

        it('only has command keys that point at existing commands', async () => {
          for (const key of Object.keys(await localization(tag))) {
            const match = COMMAND_KEY.exec(key);
            if (!match) continue;
            const [, b, l, c] = match.map(Number);
            const command = manifest.bots?.[b!]?.commandLists?.[l!]?.commands[c!];
            assert.ok(command, `${key} refers to no command in manifest.json`);
          }
        });
      });
    }
  });

  it("declares the repository tab as a personal static tab served at /tab, with SSO for the bot's app id", () => {
    const tab = manifest.staticTabs?.[0];
    assert.equal(tab?.contentUrl, `https://${HOSTNAME}/tab`);
    assert.deepEqual(tab?.scopes, ['personal']);
    assert.equal(manifest.webApplicationInfo?.id, BOT_ID);
    assert.equal(manifest.webApplicationInfo?.resource, `api://${HOSTNAME}/${BOT_ID}`);
  });

  it('rejects a bot id that is not a GUID and a host name that is a URL', async () => {
    const outDir = join(workDir, 'rejected');
    await assert.rejects(buildAppPackage({ botId: 'my-bot', hostname: HOSTNAME, outDir }), /BOT_ID must be a GUID/);
    await assert.rejects(
      buildAppPackage({ botId: BOT_ID, hostname: `https://${HOSTNAME}/api/messages`, outDir }),
      /APP_HOSTNAME/,
    );
  });
});
