import { readFileSync, existsSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../dialogs/core/normalize.js';
import type { Catalog, Texts } from '../dialogs/core/texts.js';

type Resource = Record<string, unknown>;

/** Texts kept per locale; the oldest goes first. */
const MEMO_SIZE = 5_000;
const LONG_VALUE = 120;

/** The memo's key for a text with values, or undefined when a value is too long to be worth keeping. */
function memoKey(key: string, params: Record<string, string | number>): string | undefined {
  let id = key;
  for (const name in params) {
    const value = params[name];
    if (typeof value === 'string' && value.length > LONG_VALUE) return undefined;
    id += `\u0000${name}\u0001${String(value)}`;
  }
  return id;
}

export function loadResources(): Partial<Record<Locale, Resource>> {
  const out: Partial<Record<Locale, Resource>> = {};
  for (const locale of LOCALES) {
    const file = new URL(`./locales/${locale}.json`, import.meta.url);
    if (existsSync(file)) out[locale] = JSON.parse(readFileSync(file, 'utf8')) as Resource;
  }
  return out;
}

/**
 * i18next behind the core's Catalog: one resource file per language, Spanish as the fallback for any key
 * a translation lacks. i18next escapes no value (escapeValue: false): officials' text is escaped once, by
 * whoever puts it in a sentence, for where it goes (chat text: dialogs/core/markdown.ts; cards:
 * dialogs/cards/escape.ts), and the Word export needs it raw. Escaping here as well would escape it twice.
 */
export async function createCatalog(resources = loadResources()): Promise<Catalog> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lng, res]) => [lng, { translation: res }])),
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    interpolation: { escapeValue: false },
    returnNull: false,
    // Plurals by the language's own rules (Intl.PluralRules: French 0 and 1 are singular): a text with a count
    // has `key_one` and `key_other`, and the plain key stays as the fallback for any other category ("many").
    pluralSeparator: '_',
    compatibilityJSON: 'v4',
  });
  const fixed = new Map<Locale, ReturnType<i18n['getFixedT']>>();
  const wordsCache = new Map<string, string[]>();
  const memo = new Map<Locale, Map<string, string>>();
  const loaded = Object.keys(resources);
  return {
    texts(locale: Locale): Texts {
      let t = fixed.get(locale);
      if (!t) fixed.set(locale, (t = instance.getFixedT(locale)));
      const bound = t;
      // A turn asks for ~30 texts (cards draw every label); most repeat with the same values (progress "5 of
      // 12", a field's name): each is translated once per locale. Long values (an official's text) are not kept.
      let plain = memo.get(locale);
      if (!plain) memo.set(locale, (plain = new Map<string, string>()));
      const cache = plain;
      return {
        locale,
        t: (key, rawParams) => {
          // The form's progress texts ("1 champ sur 12") count the fields done: `done` is their plural count.
          const params =
            rawParams && rawParams.count === undefined && typeof rawParams.done === 'number'
              ? { ...rawParams, count: rawParams.done }
              : rawParams;
          const id = params ? memoKey(key, params) : key;
          if (id === undefined) return bound(key, params);
          let text = cache.get(id);
          if (text === undefined) {
            text = bound(key, params ?? {});
            if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value as string);
            cache.set(id, text);
          }
          return text;
        },
      };
    },
    words(key: string): string[] {
      let words = wordsCache.get(key);
      if (!words) {
        words = loaded.flatMap((lng) => {
          const value: unknown = instance.getResource(lng, 'translation', key);
          return Array.isArray(value) ? value.filter((w): w is string => typeof w === 'string') : [];
        });
        wordsCache.set(key, words);
      }
      return words;
    },
  };
}
