import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import JSZip from 'jszip';
import { DOCX_LAYOUTS, docxAnswers, seedDocx } from '../fixtures/seedDocx.js';
import { CONTENT_TYPES, DOCM_CONTENT_TYPES, cfbFile, sampleDocx, zipOf } from '../import/files.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { FileServer } from '../support/fileServer.js';
import { startBot, type Running } from '../support/running.js';
import { exchange, say } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

/*
 * An official sends the filled Word format in the personal chat, over HTTP to the real server: Teams' message
 * carries a `file.download.info` attachment whose downloadUrl points at a local file server standing in for
 * OneDrive. Each layout of both seeds imports to the answers the field-by-field path gives; hostile files are
 * refused with their message, nothing stored, and the bot keeps answering others.
 */

/** A personal-chat message with a file, as Teams sends it. */
function withFile(serviceUrl: string, aad: string, name: string, downloadUrl: string): Partial<Activity> {
  return {
    ...teamsMessage({ serviceUrl, aad, text: '' }),
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        name,
        contentUrl: 'https://contoso-my.sharepoint.com/personal/doc',
        content: { downloadUrl, uniqueId: 'u1', fileType: 'docx' },
      },
    ],
  };
}

describe('HTTP: the filled Word format sent in the personal chat', function () {
  this.timeout(120_000);
  let running: Running;
  let files: FileServer;

  before(async () => {
    running = await startBot();
    files = await new FileServer().start();
  });
  after(async () => {
    await running.stop();
    await files.stop();
  });

  let n = 0;
  /** Sends the file as a new official; the replies and the official's drafts. */
  async function send(name: string, bytes: Uint8Array) {
    const aad = `aad-import-${++n}`;
    const { connector, bot } = running;
    const activity = withFile(connector.url, aad, name, files.add(`${n}-${name}`, bytes));
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).some((t) => t.trim() !== ''), 30_000);
    const drafts = await new DraftRepository(LowdbFileStore.reader(running.dataDir)).listByOwner(aad);
    return { aad, replies: connector.seenReplies(activity.id!).join('\n'), drafts, activity };
  }

  for (const seed of ['panama', 'mexico'] as const)
    for (const layout of DOCX_LAYOUTS)
      it(`${seed}, ${layout}: every part as the field-by-field path has it, then only the State is asked`, async () => {
        const { replies, drafts } = await send(`${seed}-${layout}.docx`, await seedDocx(seed, layout));
        assert.match(replies, /Lo que encontré en el documento/);
        assert.match(replies, new RegExp(`He leído «${seed}-${layout}\\.docx»`));
        assert.match(replies, /¿De qué Estado Parte es la institución\?/);
        assert.equal(drafts.length, 1);
        const answers = drafts[0]!.answers;
        for (const [id, text] of Object.entries(docxAnswers(seed))) assert.equal(answers[id]?.text, text, id);
        assert.equal(drafts[0]!.status, 'draft', 'a draft, never a submission');
      });

  const hostile: Array<[string, () => Promise<Uint8Array>, RegExp]> = [
    [
      'a zip bomb',
      async () => {
        const zip = new JSZip();
        zip.file('[Content_Types].xml', CONTENT_TYPES);
        zip.file('word/document.xml', Buffer.alloc(40 * 1024 * 1024, 0x20));
        return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
      },
      /no parece un documento de Word normal/,
    ],
    ['a renamed PDF', async () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), /es un PDF/],
    [
      'a sharing page',
      async () => Buffer.from('<!DOCTYPE html><html><head><title>OneDrive</title></head><body></body></html>'),
      /una página web en lugar del archivo/,
    ],
    [
      'a macro-enabled document',
      async () =>
        zipOf({
          '[Content_Types].xml': DOCM_CONTENT_TYPES,
          'word/document.xml': '<w:document/>',
          'word/vbaProject.bin': 'x',
        }),
      /contiene macros/,
    ],
    [
      'a password-protected file',
      async () => cfbFile(['EncryptionInfo', 'EncryptedPackage']),
      /protegido con contraseña/,
    ],
    ['an oversized file', async () => new Uint8Array(11 * 1024 * 1024), /pesa más de 10 MB/],
    [
      'an XXE payload',
      async () => {
        const zip = await JSZip.loadAsync(await sampleDocx());
        const xml = await zip.file('word/document.xml')!.async('string');
        zip.file(
          'word/document.xml',
          xml
            .replace('<w:document', '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document')
            .replace('Institución', '&x;'),
        );
        return zip.generateAsync({ type: 'uint8array' });
      },
      /No pude leer|no encontré/i,
    ],
  ];
  for (const [what, make, says] of hostile)
    it(`${what} is refused with its message, nothing stored, and the bot still answers others`, async () => {
      const { replies, drafts } = await send('practica.docx', await make());
      assert.match(replies, says);
      assert.match(replies, /No he guardado nada/);
      assert.doesNotMatch(replies, /root:/, 'no file content ever reaches the chat');
      assert.deepEqual(drafts, []);
      const other = await say(running.bot.url, running.connector, { aad: `aad-bystander-${n}`, text: 'hola' });
      assert.match(other, /asistente del MESICIC/);
    });

  it('in a channel, a file gets a pointer to the personal chat', async () => {
    const { connector, bot } = running;
    const activity = {
      ...withFile(connector.url, 'aad-channel', 'x.docx', `${files.url}/none`),
      conversation: { id: '19:c@thread.tacv2', conversationType: 'channel', isGroup: true, name: '' },
      attachments: [{ contentType: 'reference', name: 'x.docx', contentUrl: 'https://contoso.sharepoint.com/x.docx' }],
    } as Partial<Activity>;
    assert.equal(await post(bot.url, activity), 200);
    await connector.waitFor(() => connector.seenReplies(activity.id!).length > 0);
    assert.match(connector.seenReplies(activity.id!)[0]!, /chat personal/);
    assert.match(
      JSON.stringify(connector.sent.find((c) => c.activity.replyToId === activity.id)?.activity.text),
      /teams\.microsoft\.com\/l\/chat/,
    );
  });

  it('the format pasted as text imports the same way', async () => {
    const aad = 'aad-paste';
    const { replies } = await exchange(running.bot.url, running.connector, {
      aad,
      text: `1. Institución: Secretaría de la Función Pública\n\n2. Título: Tablero público de seguimiento a los planes de acción\n\n3. Descripción de la buena práctica: ${'El tablero permite a cualquier persona seguir los compromisos. '.repeat(3)}`,
    });
    assert.match(replies.join('\n'), /He leído el formato pegado/);
  });
});
