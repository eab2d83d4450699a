import assert from 'node:assert/strict';
import type { Locale } from '../../dialogs/core/normalize.js';
import type { Reply } from '../../dialogs/core/views.js';
import { questionCard } from '../../dialogs/cards/cards.js';
import { cardActionFrom } from '../../dialogs/teams/cardAction.js';
import { world } from '../support/world.js';

/*
 * "New" twice makes one draft (a double click on the welcome card's button); a draft is deleted only after a
 * confirmation, and is then kept on disk, marked, but no longer listed. In each language.
 */

const TEAMS_LOCALE: Record<Locale, string> = { es: 'es-MX', en: 'en-US', pt: 'pt-BR', fr: 'fr-FR' };
const WORDS: Record<Locale, { del: string; yes: string; asks: RegExp; done: RegExp }> = {
  es: { del: 'borrar', yes: 'borrar sí', asks: /¿Borrar el borrador .*borrar sí/s, done: /^Borrado: / },
  en: { del: 'delete', yes: 'delete yes', asks: /Delete the draft .*delete yes/s, done: /^Deleted: / },
  pt: { del: 'excluir', yes: 'excluir sim', asks: /Excluir o rascunho .*excluir sim/s, done: /^Excluído: / },
  fr: { del: 'supprimer', yes: 'supprimer oui', asks: /Supprimer le brouillon .*supprimer oui/s, done: /^Supprimé : / },
};
const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n\n');

for (const locale of ['es', 'en', 'pt', 'fr'] as const)
  describe(`Starting and deleting drafts (dialog, ${locale})`, () => {
    it('the welcome card’s "new" pressed twice makes one draft', async () => {
      const w = await world();
      const official = { id: `double-${locale}` };
      for (const id of ['c1', 'c2'])
        await w.engine.turn({
          official,
          text: '',
          locale: TEAMS_LOCALE[locale],
          activityId: id,
          action: { kind: 'command', command: 'new' },
        });
      assert.equal((await w.drafts.listByOwner(official.id)).length, 1);
    });

    it('every question card has "Save and leave": pressed, the draft is kept and left', async () => {
      const w = await world();
      const official = { id: `leaver-${locale}` };
      const replies = await w.engine.turn({ official, text: 'new', locale: TEAMS_LOCALE[locale], activityId: 'l1' });
      const question = replies.find((r) => r.view?.type === 'question')!;
      assert.ok(question.view?.type === 'question');
      const card = questionCard(w.catalog.texts(locale), question.view.draft);
      const leave = (card.actions as Array<{ title: string; data: unknown }>).find(
        (a) => a.title === w.catalog.texts(locale).t('cards.leave'),
      );
      assert.ok(leave, 'a "Save and leave" button');
      const action = cardActionFrom(leave.data);
      assert.ok(action);
      const left = await w.engine.turn({ official, text: '', locale: TEAMS_LOCALE[locale], activityId: 'l2', action });
      assert.match(texts(left), new RegExp(w.catalog.texts(locale).t('draft.cancelled', { title: 'X' }).slice(0, 12)));
      assert.equal((await w.profiles.get(official.id)).activeDraftId, undefined);
      assert.equal((await w.drafts.listByOwner(official.id)).length, 1, 'the draft is kept');
    });

    it('delete asks first; confirmed, the draft is marked and no longer listed; nothing else is touched', async () => {
      const w = await world();
      const official = { id: `deleter-${locale}` };
      let n = 0;
      const say = (text: string) =>
        w.engine.turn({ official, text, locale: TEAMS_LOCALE[locale], activityId: `m${++n}` });
      await say('new');
      await say('1');
      await say('Oficina Nacional de Integridad Pública');
      const [draft] = await w.drafts.listByOwner(official.id);

      assert.match(texts(await say(WORDS[locale].del)), WORDS[locale].asks);
      assert.equal((await w.drafts.listByOwner(official.id)).length, 1, 'not deleted without confirmation');

      const done = await say(WORDS[locale].yes);
      assert.match(done[0]!.text, WORDS[locale].done);
      assert.equal(done.at(-1)!.view?.type, 'home');
      assert.deepEqual(await w.drafts.listByOwner(official.id), []);
      const kept = await w.drafts.get(official.id, draft!.id);
      assert.equal(kept?.deleted?.why, 'official', 'kept on disk, marked');
      assert.ok(!JSON.stringify(done.at(-1)!.view).includes(draft!.id), 'the welcome no longer lists it');
      // An old card of the deleted draft (its Submit, its Save) acts on nothing.
      for (const action of [
        { kind: 'submit' as const, draftId: draft!.id },
        { kind: 'answer' as const, draftId: draft!.id, step: kept.cursor.step, text: 'Panamá' },
      ]) {
        await w.engine.turn({
          official,
          text: '',
          locale: TEAMS_LOCALE[locale],
          activityId: `old-${action.kind}`,
          action,
        });
        const still = await w.drafts.get(official.id, draft!.id);
        assert.equal(still?.status, 'draft', `${action.kind}: nothing submitted`);
        assert.deepEqual(still?.answers, kept?.answers, `${action.kind}: nothing answered`);
      }
      assert.deepEqual(await w.practices.list(), []);
      assert.equal(kept?.answers['institution.name']?.text, 'Oficina Nacional de Integridad Pública');
    });
  });
