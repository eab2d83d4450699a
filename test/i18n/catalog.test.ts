import assert from 'node:assert/strict';
import { createCatalog, loadResources } from '../../bot/i18n.js';
import { parseCommand, SIMPLE_COMMANDS } from '../../dialogs/core/commands.js';
import { fold, LOCALES, DEFAULT_LOCALE } from '../../dialogs/core/normalize.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { commandAliases } from '../../manifest/commands.js';
import { assertNone, isObject, strings, valueAt, type Json } from './checks.js';

const TRANSLATIONS = LOCALES.filter((l) => l !== DEFAULT_LOCALE);
const ALL_COMMANDS = [...SIMPLE_COMMANDS, 'edit', 'resume', 'language'] as const;

/** A string's words with placeholders, addresses, numbers and punctuation taken out. */
const prose = (text: string) =>
  text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .replace(/\S+@\S+|https?:\/\/\S+/g, ' ')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();

describe('catalog (bot/i18n.ts) with every locale file', () => {
  let catalog: Catalog;
  const resources = loadResources() as unknown as Record<string, Json>;

  before(async () => {
    catalog = await createCatalog();
  });

  for (const lang of TRANSLATIONS) {
    it(`speaks ${lang}, not the Spanish fallback`, () => {
      const spanish = catalog.texts('es').t('fields.description.label');
      const label = catalog.texts(lang).t('fields.description.label');
      assert.notEqual(label, 'fields.description.label', `${lang}: the key itself came back`);
      assert.notEqual(label, spanish, `${lang}: fields.description.label is the Spanish "${spanish}"`);
    });

    it(`leaves no sentence of ${lang}.json in Spanish`, () => {
      // Short labels may rightly coincide ("Resultado" in pt); a whole sentence identical to Spanish is untranslated.
      const same = strings(resources['es'] ?? {})
        .filter(({ path, text }) => {
          const words = prose(text);
          return words.split(' ').length >= 4 && valueAt(resources[lang], path) === text;
        })
        .map(({ path }) => `${lang}.json: "${path}" is identical to es.json`);
      assertNone(same);
    });
  }

  it('accepts the help command in every language', () => {
    const words = catalog.words('commands.help').map(fold);
    for (const w of ['help', 'ayuda', 'ajuda', 'aide'])
      assert.ok(words.includes(w), `commands.help lacks "${w}": ${words.join(', ')}`);
  });

  it('knows every command title the Teams manifest may send, in every language of the manifest', () => {
    const problems = [...commandAliases()]
      .filter(([title, id]) => !catalog.words(`commands.${id}`).map(fold).includes(fold(title)))
      .map(([title, id]) => `manifest title "${title}" is not a word of commands.${id} in any locale file`);
    assertNone(problems);
  });

  it('parses every command word of every language as its own command', () => {
    const problems: string[] = [];
    for (const lang of LOCALES) {
      const commands = isObject(resources[lang] ?? null) ? valueAt(resources[lang], 'commands') : undefined;
      for (const name of ALL_COMMANDS) {
        const list = isObject(commands ?? null) ? valueAt(commands, name) : undefined;
        const words = Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : [];
        if (words.length === 0) problems.push(`${lang}.json: "commands.${name}" has no words`);
        for (const word of words) {
          // parseCommand drops trailing punctuation, so a word made only of it ("?") can never match: not tested.
          if (/^[\p{P}\s]+$/u.test(word)) continue;
          const typed =
            name === 'edit' ? `${word} 3` : name === 'language' ? `${word} fr` : name === 'resume' ? `${word} 2` : word;
          const got = parseCommand(typed, catalog);
          if (got?.name !== name)
            problems.push(
              `${lang}.json: typing "${typed}" (commands.${name}) gives ${got ? JSON.stringify(got) : 'no command'}`,
            );
        }
      }
    }
    assertNone(problems);
  });

  it('switches to the language a user names, in any language', () => {
    // Mirrors FormEngine.language(): a locale code prefix first, then the names under languages.<code>.
    const pick = (arg: string) =>
      LOCALES.find((l) => fold(arg).startsWith(l) || catalog.words(`languages.${l}`).map(fold).includes(fold(arg)));
    const problems: string[] = [];
    for (const wanted of LOCALES) {
      for (const name of [wanted, ...catalog.words(`languages.${wanted}`)]) {
        const got = pick(name);
        if (got !== wanted) problems.push(`"${name}" (languages.${wanted}) picks ${got ?? 'no language'}`);
      }
    }
    assertNone(problems);
  });
});
