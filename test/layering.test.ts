import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The rule the README states, checked on the source: the domain (dialogs/core) imports nothing from storage/,
 * bot/, the Teams edge or the SDKs, and only the files listed here import the Bot Framework SDK. That list is the
 * checklist of a move to the SDK's successors (the Teams SDK, the Microsoft 365 Agents SDK): README, "Libraries".
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['bot', 'dialogs', 'storage', 'manifest'];

/** Every file that may import botbuilder or botframework-*: the bot's edge, and the dialog's Teams wire format. */
export const BOTBUILDER_FILES = [
  'bot/adapter.ts',
  'bot/dedupe.ts',
  'bot/forms/taskKind.ts',
  'bot/guards/rateLimit.ts',
  'bot/guards/reviewers.ts',
  'bot/guards/tenants.ts',
  'bot/guards/turnLog.ts',
  'bot/handlers/cardExecutes.ts',
  'bot/handlers/installs.ts',
  'bot/handlers/officials.ts',
  'bot/handlers/reviewerCommands.ts',
  'bot/handlers/reviews.ts',
  'bot/handlers/router.ts',
  'bot/handlers/taskModules.ts',
  'bot/handlers/wordCopy.ts',
  'bot/index.ts',
  'bot/notify/officialChats.ts',
  'bot/notify/proactive.ts',
  'bot/notify/secretariatChannel.ts',
  'bot/server.ts',
  'bot/teamsBot.ts',
  'dialogs/teams/official.ts',
  'dialogs/teams/render.ts',
];

interface Source {
  /** Relative to the project, with forward slashes. */
  path: string;
  text: string;
}

/** What a file imports: static imports, re-exports, and dynamic import() with a literal, resolved when relative. */
export function importsOf(file: Source): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns)
    for (const m of file.text.matchAll(re)) {
      const spec = m[1]!;
      out.push(spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file.path), spec)) : spec);
    }
  return out;
}

const SDK = /^(botbuilder|botframework-)/;
const FORBIDDEN_IN_CORE: { what: string; test: (spec: string) => boolean }[] = [
  { what: 'storage/', test: (s) => s.startsWith('storage/') },
  { what: 'bot/', test: (s) => s.startsWith('bot/') },
  { what: 'the Teams edge (dialogs/teams)', test: (s) => s.startsWith('dialogs/teams/') },
  { what: 'the Bot Framework SDK', test: (s) => SDK.test(s) },
  { what: 'restify', test: (s) => s === 'restify' || s.startsWith('restify/') },
  { what: 'lowdb', test: (s) => s === 'lowdb' || s.startsWith('lowdb/') },
];

/** Every broken rule, as "file imports spec (what)". */
export function violations(files: Source[], allowedSdkFiles: string[] = BOTBUILDER_FILES): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const spec of importsOf(file)) {
      if (file.path.startsWith('dialogs/core/'))
        for (const rule of FORBIDDEN_IN_CORE)
          if (rule.test(spec)) out.push(`${file.path} imports ${spec} (${rule.what})`);
      if (SDK.test(spec) && !allowedSdkFiles.includes(file.path) && !file.path.startsWith('dialogs/core/'))
        out.push(`${file.path} imports ${spec} (the Bot Framework SDK, outside the listed files)`);
    }
  }
  return out;
}

async function sources(): Promise<Source[]> {
  const out: Source[] = [];
  for (const top of SOURCES) {
    const names = await readdir(join(ROOT, top), { recursive: true });
    for (const name of names.filter((n) => /\.(ts|mjs|js)$/.test(n) && !n.includes('node_modules'))) {
      const path = relative(ROOT, join(ROOT, top, name))
        .split('\\')
        .join('/');
      out.push({ path, text: await readFile(join(ROOT, path), 'utf8') });
    }
  }
  return out;
}

describe('layering: the domain owns its ports, the SDK stays at the edges', () => {
  it('nothing in dialogs/core imports storage/, bot/, the Teams edge, botbuilder, restify or lowdb', async () => {
    const files = await sources();
    assert.ok(
      files.some((f) => f.path === 'dialogs/core/engine.ts'),
      'the scan found the domain',
    );
    assert.deepEqual(violations(files), []);
  });

  it('only the listed files import the Bot Framework SDK, and each of them does', async () => {
    const files = await sources();
    const importing = files
      .filter((f) => importsOf(f).some((s) => SDK.test(s)))
      .map((f) => f.path)
      .sort();
    assert.deepEqual(importing, [...BOTBUILDER_FILES].sort());
  });

  it('catches a deliberately wrong import (so the two checks above can fail)', () => {
    const wrong: Source[] = [
      {
        path: 'dialogs/core/engine.ts',
        text: "import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';\nimport type { TurnContext } from 'botbuilder';\n",
      },
      {
        path: 'dialogs/core/views.ts',
        text: "export { x } from '../teams/render.js';\nconst r = await import('restify');\n",
      },
      { path: 'storage/repositories/drafts.ts', text: "import { CardFactory } from 'botbuilder';\n" },
    ];
    assert.deepEqual(violations(wrong), [
      'dialogs/core/engine.ts imports storage/lowdb/fileStore.js (storage/)',
      'dialogs/core/engine.ts imports botbuilder (the Bot Framework SDK)',
      'dialogs/core/views.ts imports dialogs/teams/render.js (the Teams edge (dialogs/teams))',
      'dialogs/core/views.ts imports restify (restify)',
      'storage/repositories/drafts.ts imports botbuilder (the Bot Framework SDK, outside the listed files)',
    ]);
  });
});
