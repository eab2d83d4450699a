import { readFileSync, existsSync } from 'node:fs';
import i18next, { type i18n } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../dialogs/core/normalize.js';
import type { Catalog, Texts } from '../dialogs/core/texts.js';

type Resource = Record<string, unknown>;

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
 * a translation lacks. Interpolation is not HTML-escaped because replies are chat text; cards escape
 * user text themselves.
 */
export async function createCatalog(resources = loadResources()): Promise<Catalog> {
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([lng, res]) => [lng, { translation: res }])),
    lng: DEFAULT_LOCALE,
    fallbackLng: DEFAULT_LOCALE,
    interpolation: { escapeValue: false },
    returnNull: false,
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
      // Labels without placeholders are asked for on every turn (cards draw ~20): translate each once.
      let plain = memo.get(locale);
      if (!plain) memo.set(locale, (plain = new Map()));
      const cache = plain;
      return {
        locale,
        t: (key, params) => {
          if (params) return bound(key, params);
          let text = cache.get(key);
          if (text === undefined) cache.set(key, (text = bound(key, {})));
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
