import { semesterOf, thematicAreas } from '../../dialogs/core/classify.js';
import type { Status } from '../../dialogs/core/draft.js';
import { FIELDS, partId, type PartDef, type Table } from '../../dialogs/core/fields.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import { label, stateByCode, THEMATIC_AREAS, type ThematicArea } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { capitalize } from '../export/labels.js';
import type { Role, TabItem } from './access.js';
import { historyOf, type HistoryEntry } from './history.js';
import { threadLink } from './threadLink.js';

/** What the page receives: plain data with labels already in the user's language; the page only draws it. */
export interface ItemSummary {
  key: string;
  reference: string | null;
  isDraft: boolean;
  kind: string;
  title: string;
  institution: string;
  state: string;
  stateLabel: string;
  status: Status;
  statusLabel: string;
  date: string;
  semester: string;
  /** Each with its number, as the reviewer commands and the compilation name them: "9 · Government procurement". */
  areas: { id: number; label: string }[];
}

export interface ItemDetail extends ItemSummary {
  provisions: string[];
  submittedBy: string | null;
  version: number;
  history: HistoryEntry[];
  /** Reviewers only: the Teams deep link to the practice's thread in the Secretariat channel. */
  threadUrl: string | null;
  fields: { number: number; label: string; parts: { key: string; label: string | null; text: string }[] }[];
}

const STATUSES: readonly Status[] = ['draft', 'submitted', 'returned', 'accepted'];
/** "9 · Government procurement": the number the reviewer commands use, then the name in the user's language. */
export const areaLabel = (area: ThematicArea, locale: Locale): string => `${area.id} · ${label(area, locale)}`;

export function summary(item: TabItem, tx: Texts): ItemSummary {
  const state = stateByCode(item.state);
  return {
    key: item.key,
    reference: item.isDraft ? null : item.reference,
    isDraft: item.isDraft,
    kind: tx.t(`kinds.${item.kind}.label`),
    title: item.title || tx.t('draft.untitled', { date: item.submittedAt.slice(0, 10) }),
    institution: item.institution,
    state: item.state,
    stateLabel: state ? label(state, tx.locale) : item.state,
    status: item.status,
    statusLabel: capitalize(tx.t(`statuses.${item.status}`), tx.locale),
    date: item.submittedAt,
    semester: semesterOf(item.submittedAt),
    areas: thematicAreas(item).map((a) => ({ id: a.id, label: areaLabel(a, tx.locale) })),
  };
}

/** Every field in order, each part with its label when the field has several; unanswered parts are empty. */
export function detail(item: TabItem, tx: Texts, fields: Table = FIELDS, role: Role = 'official'): ItemDetail {
  return {
    ...summary(item, tx),
    provisions: item.provisions,
    submittedBy: item.isDraft ? null : (item.submittedBy.name ?? null),
    version: item.version,
    history: item.isDraft ? [] : historyOf(item.history, tx, fields),
    threadUrl: role === 'reviewer' ? threadLink(item.channelPost) : null,
    fields: fields.map((f) => ({
      number: f.number,
      label: tx.t(`fields.${f.key}.label`),
      parts: f.parts.map((p) => ({
        key: p.key,
        label: f.parts.length > 1 ? capitalize(tx.t(`fields.${f.key}.parts.${p.key}.name`), tx.locale) : null,
        text: partText(item, p, partId(f, p), tx.locale),
      })),
    })),
  };
}

function partText(item: TabItem, part: PartDef, id: string, locale: Locale): string {
  const answer = item.answers[id];
  if (!answer) return '';
  if (part.input === 'state' && typeof answer.value === 'string') {
    const state = stateByCode(answer.value);
    if (state) return label(state, locale);
  }
  return answer.text;
}

/** The choices the filters offer: every area and status, the States and semesters the user's items have. */
export function filterOptions(items: readonly TabItem[], tx: Texts) {
  const states = [...new Set(items.map((i) => i.state).filter(Boolean))]
    .map((code) => {
      const s = stateByCode(code);
      return { value: code, label: s ? label(s, tx.locale) : code };
    })
    .sort((a, b) => a.label.localeCompare(b.label, tx.locale));
  const semesters = [...new Set(items.map((i) => semesterOf(i.submittedAt)))].sort().reverse();
  return {
    areas: [...THEMATIC_AREAS]
      .sort((a, b) => a.id - b.id)
      .map((a) => ({ value: String(a.id), label: areaLabel(a, tx.locale) })),
    states,
    statuses: STATUSES.map((s) => ({ value: s, label: capitalize(tx.t(`statuses.${s}`), tx.locale) })),
    semesters: semesters.map((s) => ({ value: s, label: s })),
  };
}
