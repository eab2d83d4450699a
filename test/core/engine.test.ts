import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/memoryStore.js';
import { ConflictError, type DocumentStore } from '../../storage/ports.js';
import { panama } from '../fixtures/seeds.js';
import { world } from '../support/world.js';

/** Counts the writes a turn makes, by collection. */
class CountingStore implements DocumentStore {
  writes: string[] = [];
  private readonly inner = new MemoryStore();
  read<T>(key: string) {
    return this.inner.read<T>(key);
  }
  private lose: string | undefined;
  private crash: string | undefined;
  /** The next write to this collection fails before it is made, as a process killed just then. */
  crashBeforeNext(collection: string): void {
    this.crash = collection;
  }
  /** The next write to this collection commits, then fails as a retried conditional write would. */
  loseNextReply(collection: string): void {
    this.lose = collection;
  }
  async write<T>(key: string, value: T, ifMatch?: string | null) {
    this.writes.push(key.split('/')[0]!);
    if (this.crash === key.split('/')[0]) {
      this.crash = undefined;
      throw new Error('killed');
    }
    const etag = await this.inner.write(key, value, ifMatch);
    if (this.lose === key.split('/')[0]) {
      this.lose = undefined;
      throw new ConflictError(key);
    }
    return etag;
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  remove(key: string) {
    return this.inner.remove(key);
  }
}

describe('the engine: load, decide, save once, reply', () => {
  it('every turn of a whole submission saves the draft and the profile at most once each', async () => {
    const store = new CountingStore();
    const { engine } = await world(store);
    const official = { id: 'aad-engine-once', name: 'Funcionaria' };
    const script = [
      'nuevo',
      ...panama().inputs.slice(0, 6),
      'atrás',
      'siguiente',
      'editar 1',
      'más',
      'estado',
      'idioma en',
      'idioma es',
      ...panama().inputs.slice(6),
      'revisar',
    ];
    const counts: string[] = [];
    for (const text of script) {
      store.writes = [];
      const replies = await engine.turn({ official, text, locale: 'es-MX' });
      assert.ok(replies.length > 0, `a reply to ${JSON.stringify(text.slice(0, 30))}`);
      const drafts = store.writes.filter((w) => w === 'drafts').length;
      const profiles = store.writes.filter((w) => w === 'profiles').length;
      counts.push(`${text.slice(0, 12)}: ${drafts}/${profiles}`);
      assert.ok(
        drafts <= 1 && profiles <= 1,
        `${JSON.stringify(text.slice(0, 30))} saved the draft ${drafts} and the profile ${profiles} times`,
      );
    }
    assert.ok(
      counts.some((c) => c.endsWith('1/1')),
      'starting a draft saves both, once',
    );
  });

  it('a save that committed but whose reply was lost is not applied twice when the turn runs again', async () => {
    const store = new CountingStore();
    const { engine, drafts, profiles } = await world(store);
    const official = { id: 'aad-engine-lost-reply' };
    const seed = panama();
    await engine.turn({ official, text: 'nuevo', activityId: 'm1' });
    await engine.turn({ official, text: seed.inputs[0]!, activityId: 'm2' });
    // The storage client retries a write whose answer it never got: the retry finds its own change and gets 412.
    store.loseNextReply('drafts');
    const replies = await engine.turn({ official, text: seed.inputs[1]!, activityId: 'm3' });
    const draft = (await drafts.get(official.id, (await profiles.get(official.id)).activeDraftId!))!;
    const parts = Object.keys(draft.answers);
    assert.equal(parts.length, 1, `one answer kept: ${parts.join(', ')}`);
    assert.match(replies.map((r) => r.text).join('\n'), /ya estaba guardado/);
    const next = await engine.turn({ official, text: seed.inputs[2]!, activityId: 'm4' });
    assert.match(next.map((r) => r.text).join('\n'), /Guardado ✓/);
    assert.equal(
      Object.keys((await drafts.get(official.id, draft.id))!.answers).length,
      2,
      'the next answer went to the next part',
    );
  });

  it('a crash between "submitted" and the profile save: "enviar" answers with that practice’s own receipt', async () => {
    const store = new CountingStore();
    const { engine } = await world(store);
    const official = { id: 'aad-engine-receipt' };
    const submit = async () => {
      await engine.turn({ official, text: 'nuevo' });
      for (const input of panama().inputs) await engine.turn({ official, text: input });
    };
    await submit();
    const firstReceipt = (await engine.turn({ official, text: 'enviar' })).map((r) => r.text).join('\n');
    const first = /MESICIC-BP-\d{4}-\d{4}/.exec(firstReceipt)![0];
    await submit();
    store.crashBeforeNext('profiles');
    await assert.rejects(engine.turn({ official, text: 'enviar' }), /killed/);
    const receipt = (await engine.turn({ official, text: 'enviar' })).map((r) => r.text).join('\n');
    const second = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(second, receipt);
    assert.notEqual(second, first, 'not the previous practice’s receipt');
  });
});
