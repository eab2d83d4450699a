import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fold, LOCALES, DEFAULT_LOCALE, type Locale } from '../../dialogs/core/normalize.js';
import { findState } from '../../dialogs/core/reference.js';
import {
  commandMentions,
  compareWithSource,
  emptyValues,
  isObject,
  loadLocaleFiles,
  missingLabels,
  readJson,
  assertNone,
  report,
  REFERENCE_DIR,
  WORD_GROUPS,
  wordCollisions,
  type Json,
  type Resource,
  type Resources,
  type WordGroup,
} from './checks.js';

const TRANSLATIONS = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

/** The words each language must accept for each command (any one of the alternatives). */
const REQUIRED_WORDS: Record<string, Partial<Record<Locale, string[]>>> = {
  help: { es: ['ayuda'], en: ['help'], pt: ['ajuda'], fr: ['aide'] },
  cancel: { es: ['cancelar'], en: ['cancel'], pt: ['cancelar'], fr: ['annuler'] },
  status: { es: ['estado'], en: ['status'], pt: ['status'], fr: ['statut'] },
  back: { en: ['back'], pt: ['voltar'], fr: ['retour'] },
  skip: { en: ['skip'], pt: ['pular'], fr: ['ignorer', 'passer'] },
  next: { en: ['next'], pt: ['próximo', 'seguinte'], fr: ['suivant'] },
  more: { en: ['more'], pt: ['mais'], fr: ['plus', 'ajouter'] },
  new: { es: ['nueva'], en: ['new'], pt: ['nova'], fr: ['nouvelle'] },
  review: { en: ['review'], pt: ['revisar'], fr: ['réviser'] },
  submit: { en: ['submit', 'send'], pt: ['enviar'], fr: ['soumettre', 'envoyer'] },
  drafts: { en: ['drafts', 'home'], pt: ['rascunhos'], fr: ['brouillons'] },
  edit: { en: ['edit'], pt: ['editar'], fr: ['modifier'] },
  resume: { es: ['reanudar'], en: ['resume'], pt: ['retomar'], fr: ['reprendre'] },
  language: { en: ['language'], pt: ['língua', 'idioma'], fr: ['langue'] },
};

function load(): Resources {
  const { resources, problems } = loadLocaleFiles();
  assertNone(problems);
  return resources;
}

function source(resources: Resources): Resource {
  const es = resources[DEFAULT_LOCALE];
  assert.ok(es, 'es.json is missing');
  return es;
}

describe('locale files (bot/locales/*.json)', () => {
  const resources = load();
  const es = source(resources);

  for (const lang of TRANSLATIONS) {
    it(`${lang}.json has exactly the keys, value types, {{placeholders}} and markdown of es.json`, () => {
      const target = resources[lang];
      assert.ok(target, `${lang}.json is missing`);
      const problems = compareWithSource(es, target, lang);
      assertNone(problems);
    });
  }

  it('has no empty string, empty list or empty word in any language', () => {
    const problems = LOCALES.flatMap((lang) => {
      const res = resources[lang];
      return res ? emptyValues(res, lang) : [`${lang}.json is missing`];
    });
    assertNone(problems);
  });

  for (const group of Object.keys(WORD_GROUPS) as WordGroup[]) {
    it(`gives no ${group} word to two different entries, across all languages (case and accents ignored)`, () => {
      const problems = wordCollisions(resources, group);
      assertNone(problems);
    });
  }

  it('lists the expected command words in each language', () => {
    const problems: string[] = [];
    for (const [command, byLang] of Object.entries(REQUIRED_WORDS)) {
      for (const [lang, anyOf] of Object.entries(byLang) as [Locale, string[]][]) {
        const list = resources[lang]?.['commands'];
        const words =
          isObject(list) && Array.isArray(list[command])
            ? list[command].map((w) => (typeof w === 'string' ? fold(w) : ''))
            : [];
        if (!anyOf.some((w) => words.includes(fold(w))))
          problems.push(
            `${lang}.json: "commands.${command}" should contain ${anyOf.map((w) => `"${w}"`).join(' or ')}`,
          );
      }
    }
    assertNone(problems);
  });

  it('tells users, in each language, to type command words that language accepts', () => {
    const problems = commandMentions(resources);
    assertNone(problems);
  });
});

describe('reference lists (dialogs/core/reference)', () => {
  it('gives every State Party an es, en, pt and fr name', () => {
    const data = readJson(join(REFERENCE_DIR, 'states-parties.json'));
    const problems = missingLabels('states-parties.json', isObject(data) ? data['states'] : undefined, 'code', 'State');
    assertNone(problems);
  });

  it('gives every thematic area an es, en, pt and fr label', () => {
    const data = readJson(join(REFERENCE_DIR, 'thematic-areas.json'));
    const problems = missingLabels('thematic-areas.json', isObject(data) ? data['areas'] : undefined, 'id', 'area');
    assertNone(problems);
  });

  it('finds each State Party, and only it, by its name in every language', () => {
    const data = readJson(join(REFERENCE_DIR, 'states-parties.json'));
    const states = isObject(data) && Array.isArray(data['states']) ? data['states'].filter(isObject) : [];
    const problems: string[] = [];
    for (const state of states) {
      for (const lang of LOCALES) {
        const name = state[lang];
        if (typeof name !== 'string') continue;
        const found = findState(name);
        const got =
          found.kind === 'one'
            ? found.item.code
            : found.kind === 'many'
              ? found.items.map((s) => s.code).join('/')
              : 'nothing';
        if (got !== state['code'])
          problems.push(`states-parties.json: the ${lang} name "${name}" of ${state['code'] as string} finds ${got}`);
      }
    }
    assertNone(problems);
  });
});

describe('the i18n checks themselves (run on broken copies)', () => {
  const resources = load();
  const broken = (lang: Locale, edit: (res: Resource) => void): Resources => {
    const copy = structuredClone(resources);
    const res = copy[lang];
    assert.ok(res);
    edit(res);
    return copy;
  };
  const section = (res: Resource, key: string): Resource => {
    const node = res[key];
    assert.ok(isObject(node), `no "${key}" section`);
    return node;
  };
  const compare = (copy: Resources, lang: Locale) => compareWithSource(source(copy), copy[lang]!, lang);
  const includes = (problems: string[], text: string) =>
    assert.ok(
      problems.some((p) => p.includes(text)),
      `expected a problem containing ${JSON.stringify(text)}, got:\n${report(problems)}`,
    );

  it('reports a key missing from a translation', () => {
    includes(
      compare(
        broken('pt', (r) => delete section(r, 'home')['greeting']),
        'pt',
      ),
      'pt.json: missing key "home.greeting"',
    );
  });

  it('reports a key only a translation has', () => {
    includes(
      compare(
        broken('fr', (r) => (section(r, 'home')['extra'] = 'x')),
        'fr',
      ),
      'fr.json: extra key "home.extra"',
    );
  });

  it('reports a list turned into a string', () => {
    includes(
      compare(
        broken('en', (r) => (section(r, 'commands')['help'] = 'help')),
        'en',
      ),
      'en.json: "commands.help" is a string but in es.json it is an array',
    );
  });

  it('reports a renamed or dropped placeholder', () => {
    const copy = broken('fr', (r) => (section(r, 'home')['greeting'] = 'Bonjour{{nom}}.'));
    includes(compare(copy, 'fr'), 'fr.json: "home.greeting" has placeholders {{nom}} but es.json has {{name}}');
  });

  it('reports an empty string in any language, the source included', () => {
    includes(
      emptyValues(broken('es', (r) => (section(r, 'statuses')['draft'] = ' '))['es']!, 'es'),
      'es.json: "statuses.draft" is an empty string',
    );
    includes(
      emptyValues(broken('pt', (r) => (section(r, 'commands')['help'] = ['ajuda', '']))['pt']!, 'pt'),
      'pt.json: "commands.help"[1] is an empty string',
    );
  });

  it('reports a command word used for two commands in different languages, accents ignored', () => {
    const copy = broken('fr', (r) => (section(r, 'commands')['review'] = ['réviser', 'résumé']));
    includes(wordCollisions(copy, 'commands'), 'commands word "resume" belongs to');
  });

  it('reports a translation that tells users to type a word its language does not accept', () => {
    const copy = broken('fr', (r) => {
      const help = section(r, 'help');
      help['commands'] = (help['commands'] as string).replace('**réviser**', '**revoir**'); // a string in every locale file
    });
    includes(commandMentions(copy), 'fr.json: "help.commands" tells the user to type **revoir**');
  });

  it('reports a State without a name in some language', () => {
    const states: Json = [{ code: 'PA', es: 'Panamá', en: 'Panama', fr: 'Panama' }];
    includes(
      missingLabels('states-parties.json', states, 'code', 'State'),
      'states-parties.json: State "PA" has no "pt" label',
    );
  });
});
