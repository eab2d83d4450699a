import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { FileLinks } from '../../bot/export/fileLinks.js';
import { attachmentKey } from '../../dialogs/core/draft.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { FolderAttachments } from '../../storage/files/folderAttachments.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { panama } from '../fixtures/seeds.js';
import { documentXml, paragraphs } from '../export/docxText.js';
import { FileServer } from '../support/fileServer.js';
import { startBot, type Running } from '../support/running.js';
import { say } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

/*
 * Files sent at field 11, over HTTP to the real server: kept in the data folder (bytes as sent), listed with the
 * practice, and served to reviewers through a signed link; a file of a kind the Secretariat does not take is
 * refused with why, and nothing is kept.
 */

const SECRET = 'attachments-test-secret-0123456789abcdef';
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0x41), Buffer.from('\n%%EOF\n')]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2_000, 0)]);

describe('HTTP: attachments at field 11', function () {
  this.timeout(120_000);
  let running: Running;
  let files: FileServer;

  before(async () => {
    running = await startBot(() => ({ FILE_LINK_SECRET: SECRET }));
    files = await new FileServer().start();
  });
  after(async () => {
    await running.stop();
    await files.stop();
  });

  /** A message carrying one file, as Teams sends it in the personal chat. */
  async function sendFile(aad: string, name: string, bytes: Uint8Array): Promise<string> {
    const { connector, bot } = running;
    const url = files.add(`${aad}-${name}`, bytes);
    const activity: Partial<Activity> = {
      ...teamsMessage({ serviceUrl: connector.url, aad, text: '' }),
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name,
          content: { downloadUrl: url, uniqueId: name, fileType: name.split('.').pop() },
        },
      ],
    };
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).some((t) => t.trim() !== ''), 30_000);
    return connector.seenReplies(activity.id!).join('\n');
  }

  it('a PDF is kept byte for byte, listed with the practice, and served to reviewers by a signed link; an .exe is refused', async () => {
    const seed = panama();
    const aad = 'aad-attacher';
    const { connector, bot } = running;
    for (const text of ['nuevo', ...seed.inputs]) {
      if (text === seed.expected['documents.text']) {
        assert.match(await sendFile(aad, 'setup.exe', EXE), /no se ha adjuntado: acepto PDF, Word, Excel/);
        assert.match(await sendFile(aad, 'Informe final.pdf', PDF), /📎 Adjuntado: Informe final\.pdf \(29\d kB\)/);
      }
      await say(bot.url, connector, { aad, text });
    }
    const receipt = await say(bot.url, connector, { aad, text: 'enviar' });
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);

    const record = await new PracticeRepository(LowdbFileStore.reader(running.dataDir)).get(reference);
    assert.deepEqual(
      record?.attachments?.map((a) => [a.name, a.type, a.size]),
      [['Informe final.pdf', 'pdf', PDF.length]],
    );
    // The official's own text for field 11 is kept; the file is listed beside it.
    assert.equal(record.answers['documents.text']!.text, seed.expected['documents.text']);
    const file = record.attachments[0]!;
    const stored = await new FolderAttachments(running.dataDir).get(attachmentKey(aad, record.draftId, file.id));
    assert.ok(stored && Buffer.from(stored).equals(PDF), 'the bytes as sent');

    const token = new FileLinks(SECRET).token(`attachment:${reference}:${file.id}`);
    const res = await fetch(`${bot.url}/files?t=${token}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="Informe final\.pdf"/);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(PDF));
    const forged = await fetch(`${bot.url}/files?t=${token.slice(0, -2)}xx`);
    assert.equal(forged.status, 404);

    // The practice's Word file lists the attachment under field 11.
    const word = await fetch(`${bot.url}/files?t=${new FileLinks(SECRET).token(`practice:${reference}`)}`);
    const lines = paragraphs(await documentXml(Buffer.from(await word.arrayBuffer()))).map((p) => p.text.trim());
    const at = lines.indexOf('Archivos adjuntos:');
    assert.ok(at > 0, 'an "Archivos adjuntos" line');
    assert.match(lines[at + 1]!, /^Informe final\.pdf \(29\d kB\)$/);
  });

  it('a picture pasted into the message (Teams sends it as image/*, behind its own token) is not fetched: attach it as a file', async () => {
    const { connector, bot } = running;
    const aad = 'aad-pasted-picture';
    for (const text of ['nuevo', '1', 'editar 11']) await say(bot.url, connector, { aad, text });
    const before = files.requests;
    const activity: Partial<Activity> = {
      ...teamsMessage({ serviceUrl: connector.url, aad, text: '' }),
      attachments: [{ contentType: 'image/png', contentUrl: `${files.url}/pasted.png`, name: 'image.png' }],
    };
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).some((t) => t.trim() !== ''), 30_000);
    assert.match(
      connector.seenReplies(activity.id!).join('\n'),
      /imagen pegada en el mensaje.*Adjúntela como archivo/s,
    );
    assert.equal(files.requests, before, 'nothing was fetched');
  });
});
