import assert from 'node:assert/strict';
import { Chat } from '../support/chat.js';
import { world } from '../support/world.js';

/* A presentation for a special session is asked for as one, never as "la buena práctica", in every language. */
describe('Special-session presentations are named as such in the questions', () => {
  const cases = [
    { locale: 'es-MX', session: /sesión especial/, practice: /buena práctica/ },
    { locale: 'en-US', session: /special session/i, practice: /good practice/i },
    { locale: 'pt-BR', session: /sessão especial/, practice: /boa prática/ },
    { locale: 'fr-FR', session: /session spéciale/, practice: /bonne pratique/ },
  ];
  for (const c of cases)
    it(`${c.locale}: the first field's question names the special session, not the good practice`, async () => {
      const w = await world();
      const chat = new Chat(w, { aad: `aad-session-${c.locale}`, locale: c.locale });
      await chat.say('nuevo');
      await chat.say('2');
      const question = await chat.say('Contrataciones abiertas para prevenir la corrupción');
      assert.match(question, c.session);
      assert.doesNotMatch(question.split('\n').slice(0, 4).join('\n'), c.practice);
    });
});
