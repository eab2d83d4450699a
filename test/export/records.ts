import type { Classified } from '../../dialogs/core/classify.js';
import type { Answer } from '../../dialogs/core/draft.js';
import { PROVISIONS, STATES, THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import { validatePart } from '../../dialogs/core/validation.js';
import type { SeedPractice } from '../fixtures/seeds.js';

/** A submitted practice as the repository would hold it, its values parsed by the real field rules. */
export function recordOf(seed: SeedPractice, over: Partial<Classified> = {}): Classified {
  const at = over.submittedAt ?? '2026-03-15T14:30:00.000Z';
  const answers: Record<string, Answer> = {};
  for (const [id, text] of Object.entries(seed.expected)) {
    const parsed = validatePart(id, text);
    if (!parsed.ok) throw new Error(`${seed.name} ${id}: ${parsed.error.key}`);
    answers[id] = {
      text: parsed.parsed.text,
      ...(parsed.parsed.value !== undefined ? { value: parsed.parsed.value } : {}),
      lang: 'es',
      at,
    };
  }
  const value = (id: string) => answers[id]?.value;
  return {
    reference: 'MESICIC-BP-2026-0001',
    draftId: `draft-${seed.state}`,
    kind: 'practice',
    status: 'submitted',
    version: 1,
    state: String(value('institution.state')),
    institution: answers['institution.name']!.text,
    title: answers['title.title']!.text,
    provisions: value('title.provisions') as string[],
    submittedAt: at,
    submittedBy: { id: `aad-${seed.state}`, name: `Official of ${seed.state}` },
    lang: 'es',
    answers,
    history: [{ status: 'submitted', at, by: `aad-${seed.state}` }],
    ...over,
  };
}

/** One cited provision per practice, cycling through the areas' provisions and a few no area has. */
const CITED = [...new Set(THEMATIC_AREAS.map((a) => a.provision)), 'III', 'III.2', 'XVI'].filter((p) =>
  PROVISIONS.some((x) => x.id === p),
);

/** `n` practices of the first semester of 2026 from one seed, varied by State and provision. */
export function generated(seed: SeedPractice, n: number): Classified[] {
  const base = recordOf(seed);
  return Array.from({ length: n }, (_, i) => {
    const state = STATES[(i * 7) % STATES.length]!.code;
    const provision = CITED[i % CITED.length]!;
    const title = `Práctica ${i + 1}: ${base.title}`;
    return {
      ...base,
      reference: `MESICIC-BP-2026-${String(i + 1).padStart(4, '0')}`,
      state,
      provisions: [provision],
      title,
      submittedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      answers: {
        ...base.answers,
        'institution.state': { ...base.answers['institution.state']!, text: state, value: state },
        'title.title': { ...base.answers['title.title']!, text: title },
        'title.provisions': { ...base.answers['title.provisions']!, text: provision, value: [provision] },
      },
    };
  });
}

/** One character of each kind XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF), as a paste can carry them. */
export const XML_FORBIDDEN: Record<string, string> = {
  NUL: '\u0000',
  'U+0001': '\u0001',
  'backspace U+0008': '\u0008',
  'vertical tab U+000B': '\u000b',
  'form feed U+000C': '\u000c',
  'U+000E': '\u000e',
  'U+001F': '\u001f',
  'lone high surrogate U+D800': '\ud800',
  'lone high surrogate U+DBFF': '\udbff',
  'lone low surrogate U+DC00': '\udc00',
  'lone low surrogate U+DFFF': '\udfff',
  'U+FFFE': '\ufffe',
  'U+FFFF': '\uffff',
};

/** `base` with `text` in every text an export writes: title, institution, special session, submitter, every answer. */
export function pastedEverywhere(base: Classified, text: string): Classified {
  const answers = Object.fromEntries(Object.entries(base.answers).map(([id, a]) => [id, { ...a, text }]));
  return {
    ...base,
    kind: 'session',
    sessionName: text,
    title: text,
    institution: text,
    submittedBy: { ...base.submittedBy, name: text },
    answers,
  };
}
