import assert from 'node:assert/strict';
import { createCatalog } from '../../bot/i18n.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { LOCALES } from '../../dialogs/core/normalize.js';

/** How each language names the submission as a good practice, which a session presentation must never be called. */
const GOOD_PRACTICE = {
  es: /buena práctica/i,
  en: /good practice/i,
  pt: /boa prática/i,
  fr: /bonne pratique/i,
} as const;
const SESSION = {
  es: /sesión especial/,
  en: /special session/,
  pt: /sessão especial/,
  fr: /session spéciale/,
} as const;

describe('A presentation for a special session is named as one (i18next context "session")', () => {
  for (const lang of LOCALES)
    it(`${lang}: every field question and prompt, the receipts and the acceptance notice`, async () => {
      const tx = (await createCatalog()).texts(lang);
      const keys = [
        ...FIELDS.map((f) => `fields.${f.key}.question`),
        'fields.title.parts.title.prompt',
        'receipt.already',
        'receipt.reached',
        'reviewing.toOfficialAccepted',
      ];
      for (const key of keys) {
        const practice = tx.t(key, { context: 'practice', reference: 'R', title: 'T' });
        const session = tx.t(key, { context: 'session', reference: 'R', title: 'T' });
        assert.doesNotMatch(session, GOOD_PRACTICE[lang], `${lang} ${key}: ${session}`);
        // A text that names the submission names the session; one that does not (field 12's question) is unchanged.
        if (GOOD_PRACTICE[lang].test(practice) || /pr[aá]tic|practice|pratique/i.test(practice))
          assert.match(session, SESSION[lang], `${lang} ${key}: ${session}`);
        // A good practice keeps its own wording (the plain key answers the "practice" context).
        assert.equal(practice, tx.t(key, { reference: 'R', title: 'T' }));
      }
    });
});
