import assert from 'node:assert/strict';
import type { Reply } from '../../dialogs/core/views.js';
import { panama } from '../fixtures/seeds.js';
import { world } from '../support/world.js';

/*
 * A message Teams delivers again after the official has left the draft it changed (a new draft, a submission)
 * is recognised and applied nowhere: never to the draft that is open now.
 */

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n\n');

describe('A message delivered again after the official left its draft', () => {
  it('after "nuevo": "already saved", and the new draft is untouched', async () => {
    const w = await world();
    const official = { id: 'aad-left' };
    const send = (text: string, activityId: string) => w.engine.turn({ official, text, locale: 'es', activityId });
    await send('nuevo', 'm1');
    await send('1', 'm2');
    await send('Autoridad Nacional de Transparencia y Acceso a la Información', 'm3');
    await send('nuevo', 'm4');
    await send('1', 'm5');
    const again = await send('Autoridad Nacional de Transparencia y Acceso a la Información', 'm3');
    assert.match(texts(again), /ya estaba guardado/);
    const drafts = await w.drafts.listByOwner(official.id);
    assert.equal(drafts.length, 2);
    assert.equal(drafts[1]!.answers['institution.name'], undefined, 'the new draft got nothing');
    assert.equal(drafts[1]!.cursor.step, 'institution.name');
  });

  it('after "enviar": "already saved" with the reference, and no draft changed', async () => {
    const w = await world();
    const official = { id: 'aad-sent' };
    let n = 0;
    const send = (text: string, activityId = `m${++n}`) => w.engine.turn({ official, text, locale: 'es', activityId });
    for (const text of ['nuevo', ...panama().inputs]) await send(text);
    const receipt = texts(await send('enviar', 'submit-1'));
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);
    for (const id of ['m3', 'submit-1']) {
      const again = await send(id === 'm3' ? panama().inputs[1]! : 'enviar', id);
      assert.match(texts(again), /ya estaba guardado/, id);
      assert.ok(texts(again).includes(reference), `${id}: names the reference`);
    }
    const drafts = await w.drafts.listByOwner(official.id);
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0]!.status, 'submitted');
  });
});
