import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { createCatalog } from '../../bot/i18n.js';
import { rateLimit } from '../../bot/guards/rateLimit.js';
import type { Catalog } from '../../dialogs/core/texts.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';

/*
 * The per-official token bucket on botbuilder's TestAdapter, with a clock the test moves by hand: every wait is
 * exact, whatever the machine's speed. Behind the middleware the bot answers "ok" to every message it lets through.
 */

describe('rate limit: a flood is slowed, not punished', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await createCatalog();
  });

  function setup(perMinute: number) {
    let now = 1_000_000;
    const profiles = new ProfileRepository(new MemoryStore());
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity('ok');
    }).use(rateLimit(perMinute, { catalog, profiles, clock: () => now }));
    /** What the official sees for one message: the bot's replies, as texts. */
    const say = async (aad: string, options: { locale?: string } = {}): Promise<string[]> => {
      const activity: Partial<Activity> = {
        type: 'message',
        text: 'estado',
        from: { id: `29:${aad}`, name: 'F', aadObjectId: aad },
        locale: options.locale ?? 'es-419',
      };
      await adapter.processActivity(activity);
      return adapter.activeQueue.splice(0).map((a) => a.text ?? '');
    };
    /** n messages at the same instant; the replies of all of them. */
    const burst = async (aad: string, n: number): Promise<string[]> => {
      const all: string[] = [];
      for (let i = 0; i < n; i++) all.push(...(await say(aad)));
      return all;
    };
    return { say, burst, profiles, advance: (ms: number) => void (now += ms) };
  }

  const slowDown = (lang: 'es' | 'en' | 'pt' | 'fr', seconds: number) =>
    catalog.texts(lang).t('errors.slowDown', { seconds });

  it('a burst of 500 is told once, and the official can go on as soon as the bucket refills, not minutes later', async () => {
    const b = setup(6); // one message every 10 s once the 6 of the bucket are spent
    assert.deepEqual(await b.burst('aad-a', 6), Array(6).fill('ok'));
    const flood = await b.burst('aad-a', 500);
    assert.deepEqual(flood, [slowDown('es', 10)], 'one notice for the whole run of refusals, nothing else');
    assert.match(flood[0]!, /Podrá continuar en unos 10 segundos/);

    // Before the fix the 500 refusals were a debt of 500 tokens: 500 × 10 s of silence.
    b.advance(9_999);
    assert.deepEqual(await b.say('aad-a'), [], 'still refused a moment before the wait is over, and not told again');
    b.advance(1);
    assert.deepEqual(await b.say('aad-a'), ['ok'], 'through exactly when the notice said');
  });

  it('a new run of refusals after a message went through is told again, with the wait that is left', async () => {
    const b = setup(6);
    await b.burst('aad-b', 6);
    assert.deepEqual(await b.say('aad-b'), [slowDown('es', 10)]);
    b.advance(10_000);
    assert.deepEqual(await b.say('aad-b'), ['ok']);
    b.advance(4_000);
    assert.deepEqual(await b.say('aad-b'), [slowDown('es', 6)], '6 of the 10 s left');
    assert.deepEqual(await b.burst('aad-b', 20), []);
  });

  it('never says "1 seconds": a one-second wait is announced as about 2', async () => {
    const b = setup(60);
    await b.burst('aad-c', 60);
    const [notice] = await b.say('aad-c');
    assert.equal(notice, slowDown('es', 2));
  });

  it('other officials are not slowed by someone else’s flood', async () => {
    const b = setup(3);
    await b.burst('aad-flood', 50);
    assert.deepEqual(await b.say('aad-calm'), ['ok']);
  });

  it('the notice is in the official’s language: their own choice first, else their Teams locale', async () => {
    const b = setup(1);
    await b.profiles.save({ id: 'aad-fr', locale: 'fr' });
    await b.say('aad-fr');
    assert.deepEqual(await b.say('aad-fr', { locale: 'es-MX' }), [slowDown('fr', 60)]);
    assert.match(slowDown('fr', 60), /Vous pourrez continuer dans environ 60 secondes/);
    await b.say('aad-pt', { locale: 'pt-BR' });
    assert.deepEqual(await b.say('aad-pt', { locale: 'pt-BR' }), [slowDown('pt', 60)]);
    await b.say('aad-en', { locale: 'en-US' });
    assert.deepEqual(await b.say('aad-en', { locale: 'en-US' }), [slowDown('en', 60)]);
  });

  it('every language fills in the number of seconds', () => {
    for (const lang of ['es', 'en', 'pt', 'fr'] as const) {
      const text = slowDown(lang, 37);
      assert.match(text, /\b37\b/, `${lang}: ${text}`);
      assert.doesNotMatch(text, /\{\{|\}\}/, `${lang}: ${text}`);
    }
  });

  it('non-message activities (installs, card refreshes) are neither counted nor refused', async () => {
    const seen: string[] = [];
    const adapter = new TestAdapter(async (context) => void seen.push(context.activity.type)).use(
      rateLimit(1, { catalog, clock: () => 0 }),
    );
    for (let i = 0; i < 5; i++)
      await adapter.processActivity({ type: 'conversationUpdate', from: { id: 'u', name: 'U' } });
    await adapter.processActivity({ type: 'message', text: 'x', from: { id: 'u', name: 'U' } });
    assert.deepEqual(seen, [...Array<string>(5).fill('conversationUpdate'), 'message']);
  });
});
