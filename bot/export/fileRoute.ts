import type restify from 'restify';
import type { Catalog, Texts } from '../../dialogs/core/texts.js';
import type { Attachments, Drafts } from '../../dialogs/core/ports.js';
import { attachmentKey } from '../../dialogs/core/draft.js';
import { MIME, type AttachmentType } from '../import/attachmentType.js';
import { baseLocale } from '../../dialogs/core/normalize.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { FileLinks } from './fileLinks.js';
import type { Semester } from '../../dialogs/core/classify.js';
import { toCsv, toJson } from './tabular.js';
import { compileOffThread } from './offThread.js';

/** A file name fit for a Content-Disposition header: no quotes, slashes or controls; accents folded away. */
const safeName = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\/;]/g, '_')
    .trim() || 'attachment';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** GET /files?t=<signed token> (a query, since tokens outgrow restify's path-parameter limit): a practice's Word file, a semester's compilation, or the repository as CSV or JSON. */
export function serveFiles(
  server: restify.Server,
  deps: {
    links: FileLinks;
    practices: PracticeRepository;
    tx: Texts;
    /** For a practice's attached files ("attachment:<reference>:<id>"). */
    attachments?: Attachments;
    /** For an official's own copy of a draft ("draft:<locale>:<id>:<owner>"), in the official's language. */
    drafts?: Drafts;
    catalog?: Catalog;
  },
): void {
  const send = (res: restify.Response, type: string, name: string, body: Buffer) => {
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      // The ASCII name for old clients, the name as written (RFC 5987) for the rest: "报告.pdf" stays itself.
      'content-disposition': `attachment; filename="${safeName(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    res.end(body);
  };
  server.get('/files', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://local').searchParams.get('t') ?? '';
    const subject = deps.links.verify(token) ?? '';
    const [kind, arg = ''] = subject.split(':');
    if (kind === 'draft' && deps.drafts && deps.catalog) {
      const [, locale = '', id = '', ...owner] = subject.split(':');
      const draft = await deps.drafts.get(owner.join(':'), id);
      if (draft) {
        const tx = deps.catalog.texts(baseLocale(locale));
        const word = await import('./word.js');
        return send(res, DOCX, word.ownCopyName(draft, tx), await word.ownCopyDocx(draft, tx));
      }
    } else if (kind === 'attachment' && deps.attachments) {
      const [, reference = '', id = ''] = subject.split(':');
      const record = await deps.practices.get(reference);
      const file = record?.attachments?.find((a) => a.id === id);
      const bytes =
        record &&
        file &&
        (await deps.attachments.get(attachmentKey(record.submittedBy.id, file.origin ?? record.draftId, id)));
      // The name is the official's: only its safe characters go into the header.
      if (file && bytes)
        return send(
          res,
          MIME[file.type as AttachmentType] ?? 'application/octet-stream',
          file.name,
          Buffer.from(bytes),
        );
    } else if (kind === 'practice') {
      const record = await deps.practices.get(arg);
      // docx is loaded on the first download, not at start-up.
      if (record)
        return send(
          res,
          DOCX,
          `${record.reference}.docx`,
          await (await import('./word.js')).practiceDocx(record, deps.tx),
        );
    } else if (kind === 'csv')
      return send(
        res,
        'text/csv; charset=utf-8',
        'mesicic-practices.csv',
        Buffer.from(toCsv(await deps.practices.list(), deps.tx), 'utf8'),
      );
    else if (kind === 'json')
      return send(
        res,
        'application/json; charset=utf-8',
        'mesicic-practices.json',
        Buffer.from(toJson(await deps.practices.list()), 'utf8'),
      );
    else if (kind === 'compilation' && /^\d{4}-S[12]$/.test(arg)) {
      // Built on request, in a worker thread: a couple of seconds, fine for a download, and no official waits.
      return send(
        res,
        DOCX,
        `mesicic-${arg}.docx`,
        await compileOffThread(await deps.practices.list(), arg as Semester, deps.tx.locale),
      );
    }
    res.send(404, { error: 'This link is not valid or has expired.' });
  });
}
