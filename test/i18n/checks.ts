import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fold, LOCALES, DEFAULT_LOCALE, type Locale } from '../../dialogs/core/normalize.js';

/**
 * Pure checks over the locale files and the reference lists. Each returns a list of problems, one sentence
 * each naming the file, key and language, so a failing test says exactly what to fix. They take the data as
 * arguments so that the tests can also run them on deliberately broken copies (see "the checks themselves").
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Resource = { [key: string]: Json };
export type Resources = Partial<Record<Locale, Resource>>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The locale files; I18N_LOCALES_DIR points the tests at a copy (to see them fail on a broken one). */
export const LOCALES_DIR = process.env.I18N_LOCALES_DIR ?? join(ROOT, 'bot/locales');
/** The reference lists; I18N_REFERENCE_DIR likewise. */
export const REFERENCE_DIR = process.env.I18N_REFERENCE_DIR ?? join(ROOT, 'dialogs/core/reference');

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

export function loadLocaleFiles(dir = LOCALES_DIR): { resources: Resources; problems: string[] } {
  const resources: Resources = {};
  const problems: string[] = [];
  for (const lang of LOCALES) {
    const file = join(dir, `${lang}.json`);
    if (!existsSync(file)) {
      problems.push(`${lang}.json does not exist in ${dir}`);
      continue;
    }
    const data = readJson(file);
    if (!isObject(data)) problems.push(`${lang}.json is not a JSON object`);
    else resources[lang] = data;
  }
  return { resources, problems };
}

export function isObject(value: Json | undefined): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: Json | undefined): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const PLACEHOLDER = /\{\{\s*([^{}\s,]+)[^{}]*\}\}/g;

/** The distinct {{placeholders}} of a string, sorted: "{{a}} {{b}} {{a}}" → ["a", "b"]. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

const show = (names: string[]) => (names.length ? names.map((n) => `{{${n}}}`).join(' ') : 'none');

/**
 * Compares one translation with the Spanish source: same keys (none missing, none extra), same type at each
 * key (object, string or array of strings), the same {{placeholders}} in each string, the same markdown shape
 * (number of ** marks and of line breaks, italics wrapping). Empty values are emptyValues' business.
 */
export function compareWithSource(source: Resource, target: Resource, lang: Locale): string[] {
  const problems: string[] = [];
  const file = `${lang}.json`;
  const walk = (src: Json | undefined, tgt: Json | undefined, path: string): void => {
    const where = path || '(root)';
    if (tgt === undefined) {
      problems.push(`${file}: missing key "${where}" (present in es.json)`);
      return;
    }
    if (src === undefined) {
      problems.push(`${file}: extra key "${where}" (not in es.json)`);
      return;
    }
    if (kindOf(src) !== kindOf(tgt)) {
      problems.push(`${file}: "${where}" is ${kindOf(tgt)} but in es.json it is ${kindOf(src)}`);
      return;
    }
    if (isObject(src) && isObject(tgt)) {
      for (const key of Object.keys(src)) walk(src[key], tgt[key], path ? `${path}.${key}` : key);
      for (const key of Object.keys(tgt)) if (!(key in src)) walk(undefined, tgt[key], path ? `${path}.${key}` : key);
      return;
    }
    if (Array.isArray(tgt)) {
      tgt.forEach((word, i) => {
        if (typeof word !== 'string') problems.push(`${file}: "${where}"[${i}] is ${kindOf(word)}, not a string`);
      });
      return;
    }
    if (typeof src === 'string' && typeof tgt === 'string') {
      const want = placeholders(src);
      const got = placeholders(tgt);
      if (want.join() !== got.join())
        problems.push(`${file}: "${where}" has placeholders ${show(got)} but es.json has ${show(want)}`);
      const count = (text: string, mark: RegExp) => (text.match(mark) ?? []).length;
      if (count(src, /\*\*/g) !== count(tgt, /\*\*/g))
        problems.push(
          `${file}: "${where}" has ${count(tgt, /\*\*/g) / 2} **bold** spans but es.json has ${count(src, /\*\*/g) / 2}`,
        );
      if (count(src, /\n/g) !== count(tgt, /\n/g))
        problems.push(`${file}: "${where}" has ${count(tgt, /\n/g)} line breaks but es.json has ${count(src, /\n/g)}`);
      const italic = (text: string) => /^_.*_$/s.test(text);
      if (italic(src) !== italic(tgt))
        problems.push(
          `${file}: "${where}" ${italic(src) ? 'should' : 'should not'} be wrapped in _italics_ as in es.json`,
        );
    }
  };
  walk(source, target, '');
  return problems;
}

/** Empty strings, empty lists and empty words anywhere in one file (the source included). */
export function emptyValues(resource: Resource, lang: Locale): string[] {
  const problems: string[] = [];
  const walk = (value: Json, path: string): void => {
    if (typeof value === 'string' && !value.trim()) problems.push(`${lang}.json: "${path}" is an empty string`);
    else if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${lang}.json: "${path}" is an empty list`);
      value.forEach((v, i) => {
        if (typeof v === 'string' && !v.trim()) problems.push(`${lang}.json: "${path}"[${i}] is an empty string`);
      });
    } else if (isObject(value)) for (const [key, v] of Object.entries(value)) walk(v, path ? `${path}.${key}` : key);
  };
  walk(resource, '');
  return problems;
}

/** The word lists the bot matches typed text against, grouped so that a word may belong to one entry only. */
export const WORD_GROUPS = {
  commands: (res: Resource) => entries(res['commands'], (v) => v),
  languages: (res: Resource) => entries(res['languages'], (v) => v),
  kinds: (res: Resource) => entries(res['kinds'], (v) => (isObject(v) ? v['words'] : undefined), 'words'),
} as const;
export type WordGroup = keyof typeof WORD_GROUPS;

function entries(
  node: Json | undefined,
  pick: (value: Json) => Json | undefined,
  suffix?: string,
): { name: string; key: string; words: string[] }[] {
  if (!isObject(node)) return [];
  return Object.entries(node).map(([name, value]) => {
    const list = pick(value);
    return {
      name,
      key: suffix ? `${name}.${suffix}` : name,
      words: Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : [],
    };
  });
}

/**
 * A word (folded: case, accents and emphasis ignored, as the bot compares) that appears under two different
 * entries of a group in any of the languages, e.g. fr "résumé" under commands.review while en "resume" is
 * under commands.resume.
 */
export function wordCollisions(resources: Resources, group: WordGroup): string[] {
  const owners = new Map<string, Map<string, string[]>>();
  for (const lang of LOCALES) {
    const res = resources[lang];
    if (!res) continue;
    for (const { name, key, words } of WORD_GROUPS[group](res)) {
      for (const word of words) {
        const folded = fold(word);
        const byEntry = owners.get(folded) ?? new Map<string, string[]>();
        owners.set(folded, byEntry);
        byEntry.set(name, [...(byEntry.get(name) ?? []), `${lang}.json ${group}.${key} ("${word}")`]);
      }
    }
  }
  const problems: string[] = [];
  for (const [folded, byEntry] of owners) {
    if (byEntry.size > 1)
      problems.push(
        `${group} word "${folded}" belongs to ${[...byEntry.keys()].join(' and ')}: ${[...byEntry.values()].flat().join(', ')}`,
      );
  }
  return problems;
}

/** "editar {{n}}", "continuar N", "idioma en" → "editar", "continuar", "idioma"; undefined when it holds other placeholders. */
function mentioned(bold: string): string | undefined {
  const text = bold.replace(/\{\{\s*n\s*\}\}/g, '1');
  if (text.includes('{{')) return undefined;
  return fold(text).replace(/\s+(?:n|\d{1,3}|es|en|pt|fr)$/, '');
}

/**
 * Where es.json tells the user to type a command (**ayuda**, **editar N**), the translation must name a word
 * that its own language's command lists accept: a French user told to type **réviser** must be understood.
 */
export function commandMentions(resources: Resources): string[] {
  const source = resources[DEFAULT_LOCALE];
  if (!source) return ['es.json is missing'];
  const ownWords = (res: Resource) => new Set(WORD_GROUPS.commands(res).flatMap((e) => e.words.map(fold)));
  const sourceWords = ownWords(source);
  const problems: string[] = [];
  for (const lang of LOCALES) {
    const res = resources[lang];
    if (!res) continue;
    const words = ownWords(res);
    for (const { path, text } of strings(source)) {
      const target = valueAt(res, path);
      if (typeof target !== 'string') continue;
      const srcBold = [...text.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1] ?? '');
      const tgtBold = [...target.matchAll(/\*\*(.+?)\*\*/g)].map((m) => m[1] ?? '');
      srcBold.forEach((bold, i) => {
        const command = mentioned(bold);
        if (command === undefined || !sourceWords.has(command)) return;
        const said = tgtBold[i];
        const their = said === undefined ? undefined : mentioned(said);
        if (their === undefined || !words.has(their)) {
          problems.push(
            `${lang}.json: "${path}" tells the user to type **${said ?? '(nothing)'}** where es.json says **${bold}**, but "${their ?? said ?? ''}" is not one of ${lang}.json's command words`,
          );
        }
      });
    }
  }
  return problems;
}

export function strings(node: Json, path = ''): { path: string; text: string }[] {
  if (typeof node === 'string') return [{ path, text: node }];
  if (isObject(node))
    return Object.entries(node).flatMap(([key, value]) => strings(value, path ? `${path}.${key}` : key));
  return [];
}

export function valueAt(node: Json | undefined, path: string): Json | undefined {
  return path.split('.').reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), node);
}

/** Every item of a reference list has a non-empty label in each language; "unverified" names only those languages. */
export function missingLabels(file: string, items: Json | undefined, idKey: string, what: string): string[] {
  if (!Array.isArray(items) || items.length === 0) return [`${file}: no ${what} list found`];
  const problems: string[] = [];
  items.forEach((item, i) => {
    if (!isObject(item)) {
      problems.push(`${file}: entry ${i} is not an object`);
      return;
    }
    const id = `${what} ${JSON.stringify(item[idKey] ?? i)}`;
    for (const lang of LOCALES) {
      const label = item[lang];
      if (typeof label !== 'string' || !label.trim()) problems.push(`${file}: ${id} has no "${lang}" label`);
    }
    const unverified = item['unverified'];
    if (unverified !== undefined) {
      if (!Array.isArray(unverified)) problems.push(`${file}: ${id} has an "unverified" that is not a list`);
      else
        for (const lang of unverified)
          if (!(LOCALES as readonly Json[]).includes(lang))
            problems.push(
              `${file}: ${id} lists ${JSON.stringify(lang)} as unverified, which is not a language of the bot`,
            );
    }
  });
  return problems;
}

/** Joins problems into one assertion message, numbered. */
export function report(problems: string[]): string {
  return `${problems.length} problem(s):\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`;
}

/** Fails with the numbered list of problems, if there is any. */
export function assertNone(problems: string[]): void {
  if (problems.length > 0) assert.fail(report(problems));
}
