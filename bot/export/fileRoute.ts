import type restify from 'restify';
import type { Texts } from '../../dialogs/core/texts.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import type { FileLinks } from './fileLinks.js';
import { practiceDocx } from './word.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** GET /files/<signed token>: the Word file of one practice, for as long as the link is valid. */
export function serveFiles(server: restify.Server, o: { links: FileLinks; practices: PracticeRepository; tx: Texts }): void {
  server.get('/files/:token', async (req, res) => {
    const reference = o.links.verify(String(req.params.token ?? ''));
    const record = reference ? await o.practices.get(reference) : undefined;
    if (!record) {
      res.send(404, { error: 'This link is not valid or has expired.' });
      return;
    }
    const file = await practiceDocx(record, o.tx);
    res.writeHead(200, { 'content-type': DOCX, 'content-length': file.length, 'content-disposition': `attachment; filename="${record.reference}.docx"` });
    res.end(file);
  });
}
