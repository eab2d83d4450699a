import type restify from 'restify';
import type { Texts } from '../../dialogs/core/texts.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { FileLinks } from './fileLinks.js';
import type { Semester } from '../../dialogs/core/classify.js';
import { toCsv, toJson } from './tabular.js';
import { compileOffThread } from './offThread.js';
import { practiceDocx } from './word.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** GET /files?t=<signed token> (a query, since tokens outgrow restify's path-parameter limit): a practice's Word file, a semester's compilation, or the repository as CSV or JSON. */
export function serveFiles(
  server: restify.Server,
  o: { links: FileLinks; practices: PracticeRepository; tx: Texts },
): void {
  const send = (res: restify.Response, type: string, name: string, body: Buffer) => {
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'content-disposition': `attachment; filename="${name}"`,
    });
    res.end(body);
  };
  server.get('/files', async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://local').searchParams.get('t') ?? '';
    const subject = o.links.verify(token) ?? '';
    const [kind, arg = ''] = subject.split(':');
    if (kind === 'practice') {
      const record = await o.practices.get(arg);
      if (record) return send(res, DOCX, `${record.reference}.docx`, await practiceDocx(record, o.tx));
    } else if (kind === 'csv')
      return send(
        res,
        'text/csv; charset=utf-8',
        'mesicic-practices.csv',
        Buffer.from(toCsv(await o.practices.list(), o.tx), 'utf8'),
      );
    else if (kind === 'json')
      return send(
        res,
        'application/json; charset=utf-8',
        'mesicic-practices.json',
        Buffer.from(toJson(await o.practices.list()), 'utf8'),
      );
    else if (kind === 'compilation' && /^\d{4}-S[12]$/.test(arg)) {
      // Built on request, in a worker thread: a couple of seconds, fine for a download, and no official waits.
      return send(
        res,
        DOCX,
        `mesicic-${arg}.docx`,
        await compileOffThread(await o.practices.list(), arg as Semester, o.tx.locale),
      );
    }
    res.send(404, { error: 'This link is not valid or has expired.' });
  });
}
