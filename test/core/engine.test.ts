import assert from 'node:assert/strict';
import { MemoryStore } from '../../storage/memoryStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { panama } from '../fixtures/seeds.js';
import { world } from '../support/world.js';

/** Counts the writes a turn makes, by collection. */
class CountingStore implements DocumentStore {
  writes: string[] = [];
  private readonly inner = new MemoryStore();
  read<T>(key: string) {
    return this.inner.read<T>(key);
  }
  write<T>(key: string, value: T, ifMatch?: string | null) {
    this.writes.push(key.split('/')[0]!);
    return this.inner.write(key, value, ifMatch);
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
    const script = ['nuevo', ...panama().inputs.slice(0, 6), 'atrás', 'siguiente', 'editar 1', 'más', 'estado', 'idioma en', 'idioma es', ...panama().inputs.slice(6), 'revisar'];
    const counts: string[] = [];
    for (const text of script) {
      store.writes = [];
      const replies = await engine.turn({ official, text, locale: 'es-MX' });
      assert.ok(replies.length > 0, `a reply to ${JSON.stringify(text.slice(0, 30))}`);
      const drafts = store.writes.filter((w) => w === 'drafts').length;
      const profiles = store.writes.filter((w) => w === 'profiles').length;
      counts.push(`${text.slice(0, 12)}: ${drafts}/${profiles}`);
      assert.ok(drafts <= 1 && profiles <= 1, `${JSON.stringify(text.slice(0, 30))} saved the draft ${drafts} and the profile ${profiles} times`);
    }
    assert.ok(counts.some((c) => c.endsWith('1/1')), 'starting a draft saves both, once');
  });
});
