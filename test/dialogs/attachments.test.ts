import assert from 'node:assert/strict';
import type { Kept, Upload } from '../../dialogs/core/engine.js';
import type { Locale } from '../../dialogs/core/normalize.js';
import type { Reply } from '../../dialogs/core/views.js';
import { questionCard } from '../../dialogs/cards/cards.js';
import { world } from '../support/world.js';

/*
 * Files sent at field 11 are kept with the practice (their bytes through the edge's `keep`, under the draft's
 * key); anywhere else a file is the format to import. What the official is told, in each language.
 */

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-FR' };
const SAYS: Record<Locale, { kept: RegExp; refused: RegExp; edit: string }> = {
  es: { kept: /📎 Adjuntado: informe\.pdf \(1,2 MB\)/, refused: /acepto PDF, Word, Excel/, edit: 'editar 11' },
  en: { kept: /📎 Attached: informe\.pdf \(1\.2 MB\)/, refused: /I take PDF, Word, Excel/, edit: 'edit 11' },
  pt: { kept: /📎 Anexado: informe\.pdf \(1,2 MB\)/, refused: /aceito PDF, Word, Excel/, edit: 'editar 11' },
  fr: { kept: /📎 Joint : informe\.pdf \(1,2 MB\)/, refused: /j’accepte PDF, Word, Excel/, edit: 'modifier 11' },
};

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n\n');

/** A file whose keeping the test decides; records the keys it was kept under and whether it was read. */
function upload(name: string, kept: Kept, log: { keys: string[]; read: number }): Upload {
  return {
    name,
    read: () => {
      log.read++;
      return Promise.resolve({ name, refused: 'pdf' });
    },
    keep: (key) => {
      log.keys.push(key);
      return Promise.resolve(kept);
    },
  };
}

for (const locale of ['es', 'en', 'pt', 'fr'] as const)
  describe(`Attachments at field 11 (dialog, ${locale})`, () => {
    it('a file is kept under the draft, listed as the answer until the official writes one, and shown in the review', async () => {
      const w = await world();
      const official = { id: `attacher-${locale}` };
      let seq = 0;
      const turn = (input: { text?: string; uploads?: Upload[] }) =>
        w.engine.turn({
          official,
          text: input.text ?? '',
          locale: TEAMS_LOCALE[locale],
          activityId: `a${++seq}`,
          ...input,
        });
      const log = { keys: [] as string[], read: 0 };
      await turn({ text: 'nuevo' });
      await turn({ text: '1' });

      // Before field 11 a file is the format to import: read, not kept.
      await turn({ uploads: [upload('informe.pdf', { ok: true, type: 'pdf', size: 1 }, log)] });
      assert.deepEqual([log.read, log.keys.length], [1, 0]);

      await turn({ text: SAYS[locale].edit });
      const kept = await turn({ uploads: [upload('informe.pdf', { ok: true, type: 'pdf', size: 1_250_000 }, log)] });
      assert.match(texts(kept), SAYS[locale].kept);
      const [draft] = await w.drafts.listByOwner(official.id);
      assert.equal(log.keys[0], `${official.id}/${draft!.id}/${draft!.attachments![0]!.id}`);
      assert.deepEqual(
        draft!.attachments!.map((a) => [a.name, a.type, a.size]),
        [['informe.pdf', 'pdf', 1_250_000]],
      );
      assert.match(draft!.answers['documents.text']!.text, /^📎 .*informe\.pdf/);

      const refused = await turn({ uploads: [upload('setup.exe', { ok: false, refused: 'notAllowed' }, log)] });
      assert.match(texts(refused), SAYS[locale].refused);
      assert.equal((await w.drafts.listByOwner(official.id))[0]!.attachments!.length, 1, 'nothing added');

      // The stand-in list is not offered in the box to edit.
      const card = questionCard(w.catalog.texts(locale), (await w.drafts.listByOwner(official.id))[0]!);
      assert.ok(!JSON.stringify(card).includes('"value":"📎'), 'the stand-in is not prefilled');

      // The official's own words replace the stand-in; the file stays with the practice.
      await turn({ text: 'https://tablero.gobabiertomx.org/ y el informe adjunto.' });
      const after = (await w.drafts.listByOwner(official.id))[0]!;
      assert.equal(after.answers['documents.text']!.text, 'https://tablero.gobabiertomx.org/ y el informe adjunto.');
      assert.equal(after.attachments!.length, 1);
      const review = await turn({ text: locale === 'en' ? 'review' : locale === 'fr' ? 'réviser' : 'revisar' });
      assert.match(texts(review), /📎 informe\.pdf \(1[,.]2 MB\)/);
    });
  });

describe('Attachments at field 11: words sent with the file', () => {
  it('are the field’s answer, kept beside the file', async () => {
    const w = await world();
    const official = { id: 'with-words' };
    let n = 0;
    const turn = (input: { text?: string; uploads?: Upload[] }) =>
      w.engine.turn({ official, text: input.text ?? '', locale: 'es', activityId: `w${++n}`, ...input });
    const log = { keys: [] as string[], read: 0 };
    for (const text of ['nuevo', '1', 'editar 11']) await turn({ text });
    await turn({
      text: 'Ver también https://portal.gob.pa/informe y el anexo adjunto.',
      uploads: [upload('anexo.pdf', { ok: true, type: 'pdf', size: 2048 }, log)],
    });
    const [draft] = await w.drafts.listByOwner(official.id);
    assert.equal(
      draft!.answers['documents.text']?.text,
      'Ver también https://portal.gob.pa/informe y el anexo adjunto.',
    );
    assert.equal(draft!.attachments?.length, 1);
  });
});
