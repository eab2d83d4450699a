import { ATTACHED_MARK, sizeLabel } from '../../dialogs/core/attachments.js';
import type { Answer, AttachmentRef } from '../../dialogs/core/draft.js';
import { FIELDS, type PartDef, type Table } from '../../dialogs/core/fields.js';
import type { PracticeRecord } from '../../dialogs/core/practice.js';
import { label, provisionById, stateByCode } from '../../dialogs/core/reference.js';
import type { Texts } from '../../dialogs/core/texts.js';
import { versionDiff, type ShowAnswer, type TextRun } from '../../dialogs/core/versionDiff.js';
import { changesLine, statusLine } from '../../dialogs/core/views.js';

/** Where the page's own links point: the practice's Word file and each attached file, signed for this reader. */
export interface PageLinks {
  word: string;
  attachment(id: string): string;
}

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** The locale's light markdown (bold) as the page's own markup, around text that is escaped first. */
const bold = (s: string) => html(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

/** An answer as a reviewer reads it: a State and provisions by their names, field 11's files by theirs. */
function reading(tx: Texts, record: PracticeRecord): ShowAnswer {
  const names = (files: AttachmentRef[] | undefined) => (files ?? []).map((f) => f.name);
  return (answer: Answer | undefined, part: PartDef, side) => {
    const files = part.files ? names(side === 'before' ? record.previous?.attachments : record.attachments) : [];
    if (!answer) return files.join('\n');
    if (part.input === 'state' && typeof answer.value === 'string')
      return label(stateByCode(answer.value) ?? { es: answer.text, en: answer.text }, tx.locale);
    if (Array.isArray(answer.value))
      return answer.value.map((id) => `${id} ${label(provisionById(id) ?? { es: '', en: '' }, tx.locale)}`).join('\n');
    const own = part.files && answer.value === ATTACHED_MARK ? '' : answer.text;
    return [own, ...files].filter(Boolean).join('\n');
  };
}

const runs = (list: TextRun[]) =>
  list
    .map((r) =>
      r.kind === 'added'
        ? `<ins>${html(r.text)}</ins>`
        : r.kind === 'removed'
          ? `<del>${html(r.text)}</del>`
          : html(r.text),
    )
    .join('');

/**
 * "View practice": the whole practice for a reviewer, in the Secretariat's language, every field in full; from
 * version 2 on, each changed field marked and its text shown with what was added and removed since the version
 * before. Rendered on the server from the record (no script needed to read it); officials' text is escaped.
 */
export function viewPage(
  tx: Texts,
  record: PracticeRecord,
  links: PageLinks,
  options: { shownVersion?: number; fields?: Table } = {},
): string {
  const fields = options.fields ?? FIELDS;
  const previous = record.previous;
  const changes = versionDiff(previous?.answers ?? record.answers, record.answers, {
    fields,
    show: reading(tx, record),
  });
  const status = statusLine(tx, record, (s) => s, fields);
  const kind = tx.t(`kinds.${record.kind}.label`);
  const sections = changes.map((change) => {
    const marked = !!previous && change.changed;
    const parts = change.parts.map((p) => {
      const name =
        change.field.parts.length > 1
          ? `<h3>${html(tx.t(`fields.${change.field.key}.parts.${p.part.key}.name`))}</h3>`
          : '';
      const body = marked && p.changed ? runs(p.runs) : html(p.after);
      const text = body || `<span class="empty">${html(tx.t('viewPage.empty'))}</span>`;
      const files = p.part.files
        ? (record.attachments ?? [])
            .map(
              (a) =>
                `<li><a href="${html(links.attachment(a.id))}">${html(a.name)}</a> (${html(sizeLabel(a.size, tx.locale))})</li>`,
            )
            .join('')
        : '';
      return `${name}<div class="answer">${text}</div>${files ? `<ul class="files">${files}</ul>` : ''}`;
    });
    const badge = marked ? ` <span class="badge">${html(tx.t('viewPage.changed'))}</span>` : '';
    return `<section class="field${marked ? ' changed' : ''}" data-changed="${marked ? 1 : 0}">
<h2>${change.field.number}. ${html(tx.t(`fields.${change.field.key}.label`))}${badge}</h2>
${parts.join('\n')}
</section>`;
  });
  const shownOlder =
    options.shownVersion !== undefined && options.shownVersion !== record.version
      ? `<p class="note">${html(tx.t('viewPage.newerVersion', { shown: options.shownVersion, version: record.version }))}</p>`
      : '';
  const compare = previous
    ? `<p class="summary">${bold(changesLine(tx, record, fields))}</p>
<p class="legend">${html(tx.t('viewPage.legend', { version: previous.version }))} <ins>${html(tx.t('viewPage.added'))}</ins> <del>${html(tx.t('viewPage.removed'))}</del>
<label><input type="checkbox" id="only-changed"> ${html(tx.t('viewPage.onlyChanged'))}</label></p>`
    : '';
  const meta = tx.t('viewPage.meta', {
    version: record.version,
    date: record.submittedAt.slice(0, 10),
    by: record.submittedBy.name ?? record.submittedBy.id,
    lang: tx.t(`languageNames.${record.lang}`),
  });
  return `<!doctype html>
<html lang="${html(tx.locale)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(`${record.reference}: ${record.title}`)}</title>
<link rel="stylesheet" href="/review/view.css">
<script src="/review/teams.js"></script>
<script src="/review/view.js" defer></script>
</head><body class="status-${html(record.status)}">
<header>
<p class="kind">${html(kind)} · ${html(record.reference)}</p>
<h1>${html(record.title)}${record.sessionName ? ` <small>(${html(record.sessionName)})</small>` : ''}</h1>
<p class="status">${html(status.line)}</p>
${status.detail && record.status === 'returned' ? `<p class="comment">${html(status.detail)}</p>` : ''}
<p class="meta">${html(meta)} · <a href="${html(links.word)}">${html(tx.t('reviewDialog.download'))}</a></p>
${shownOlder}
${compare}
</header>
<main>
${sections.join('\n')}
</main>
</body></html>
`;
}

/** What a link that expired (or was altered) opens: where to get a fresh one. */
export function expiredPage(tx: Texts): string {
  return `<!doctype html>
<html lang="${html(tx.locale)}"><head><meta charset="utf-8"><title>MESICIC</title>
<link rel="stylesheet" href="/review/view.css"></head>
<body><main><p class="note">${html(tx.t('viewPage.expired'))}</p></main></body></html>
`;
}
