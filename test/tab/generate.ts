import type { Answer, StatusChange } from '../../dialogs/core/draft.js';
import { formatReference, type PracticeRecord } from '../../dialogs/core/practice.js';
import { STATES, THEMATIC_AREAS } from '../../dialogs/core/reference.js';
import { NAMES, REVIEWER } from './fixtures.js';

/** A small deterministic generator (mulberry32), so every run seeds the same repository. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  'Portal de compras públicas abiertas',
  'Declaraciones juradas de patrimonio en línea',
  'Ventanilla única de denuncias protegidas',
  'Concurso público para la contratación de funcionarios',
  'Observatorio ciudadano del gasto municipal',
  'Registro de beneficiarios finales',
  'Código de ética para el servicio público',
  'Capacitación en integridad para servidores públicos',
  'Auditoría social de obras públicas',
  'Cooperación técnica en extradición',
];
const PLACES = ['nacional', 'municipal', 'regional', 'en línea', 'para la niñez', 'para el sector salud'];
const INSTITUTIONS = [
  'Contraloría General de la República',
  'Oficina Nacional Anticorrupción',
  'Secretaría de la Función Pública',
  'Procuraduría General',
  'Dirección de Compras y Contratación Pública',
  'Autoridad Nacional de Transparencia',
];
const REVIEWERS = [NAMES[REVIEWER]!, 'Tomás Revisor'];
const DAY = 86_400_000;

export const GENERATED_CHANNEL = '19:secretariat-channel@thread.tacv2';
export const GENERATED_TEAM = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const answer = (text: string, at: string, value?: string | string[]): Answer => ({
  text,
  lang: 'es',
  at,
  ...(value !== undefined ? { value } : {}),
});

/**
 * `count` practices as the repository would hold them after years of use: States, areas, statuses and semesters
 * spread out (2023 to mid-2026), decisions taken 0 to ~120 days after each submission, some returned and
 * resubmitted, most with their channel post. Deterministic for a seed.
 */
export function generatePractices(count: number, seed = 7): PracticeRecord[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const start = Date.parse('2023-01-02T00:00:00.000Z');
  const end = Date.parse('2026-06-20T00:00:00.000Z');
  const perYear = new Map<number, number>();
  const out: PracticeRecord[] = [];
  for (let i = 0; i < count; i++) {
    const submitted = start + Math.floor(rnd() * (end - start));
    const year = new Date(submitted).getUTCFullYear();
    const n = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, n);
    // From 101 on: the hand-written fixtures use the first numbers.
    const reference = formatReference('practice', year, 100 + n);
    const state = pick(STATES).code;
    const areas = rnd() < 0.25 ? [pick(THEMATIC_AREAS), pick(THEMATIC_AREAS)] : [pick(THEMATIC_AREAS)];
    const provisions = [...new Set(areas.map((a) => a.provision))];
    const title = `${pick(TOPICS)} ${pick(PLACES)} (${i + 1})`;
    const institution = pick(INSTITUTIONS);
    const owner = { id: `0000000${i % 300}-0000-4000-8000-000000000000`.slice(-36), name: `Funcionario ${i % 300}` };
    const history: StatusChange[] = [];
    const at = (ms: number) => new Date(ms).toISOString();
    history.push({ status: 'submitted', at: at(submitted), by: owner.name });
    const roll = rnd();
    let status: PracticeRecord['status'] = 'submitted';
    let version = 1;
    let t = submitted;
    // Decisions only in the past: a practice submitted late stays "submitted" more often.
    const decide = () => (t += Math.ceil(-Math.log(1 - rnd()) * 25 * DAY));
    if (roll < 0.7 && submitted < end - 10 * DAY) {
      if (rnd() < 0.35) {
        decide();
        history.push({ status: 'returned', at: at(t), by: pick(REVIEWERS), note: '3,7: Explique la sostenibilidad.' });
        status = 'returned';
        if (rnd() < 0.7) {
          t += Math.ceil(rnd() * 20 * DAY);
          history.push({ status: 'submitted', at: at(t), by: owner.name });
          version = 2;
          status = 'submitted';
        }
      }
      if (status === 'submitted' && rnd() < 0.85) {
        decide();
        history.push({ status: 'accepted', at: at(t), by: pick(REVIEWERS) });
        status = 'accepted';
      }
    }
    const sent = at(submitted);
    out.push({
      reference,
      draftId: `gen-${i}`,
      kind: 'practice',
      status,
      version,
      state,
      institution,
      title,
      provisions,
      submittedAt: sent,
      submittedBy: owner,
      lang: 'es',
      answers: {
        'institution.name': answer(institution, sent),
        'institution.state': answer(state, sent, state),
        'title.title': answer(title, sent),
        'title.provisions': answer(provisions.join(', '), sent, provisions),
        'description.text': answer('Una práctica sostenida por más de un año, con informes de seguimiento.', sent),
      },
      history,
      ...(rnd() < 0.9
        ? {
            channelPost: {
              conversationId: `${GENERATED_CHANNEL};messageid=${1_700_000_000_000 + i}`,
              activityId: String(1_700_000_000_000 + i),
              channelId: GENERATED_CHANNEL,
              teamId: GENERATED_TEAM,
            },
          }
        : {}),
    });
  }
  return out;
}
