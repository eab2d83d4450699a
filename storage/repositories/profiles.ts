import type { Profile, Profiles } from '../../dialogs/core/ports.js';
import { DamagedDocumentError, type DocumentStore } from '../ports.js';

export type { Profile };

export class ProfileRepository implements Profiles {
  /** Profiles set aside whose placeholder could not be written (a full disk): told from memory instead. */
  private readonly setAsideHere = new Map<string, string>();

  constructor(private readonly store: DocumentStore) {}

  async get(id: string): Promise<Profile> {
    try {
      const doc = await this.store.read<Profile>(`profiles/${id}`);
      if (doc) return { ...doc.value, _etag: doc.etag };
      const at = this.setAsideHere.get(id);
      return at ? { id, setAside: at } : { id };
    } catch (err) {
      // Whoever read it (a turn, the reminders' pass), the store has set it aside: a placeholder says so, so the
      // official's next turn tells them, however long after.
      if (err instanceof DamagedDocumentError) await this.placeholder(id);
      throw err;
    }
  }

  private async placeholder(id: string): Promise<void> {
    const at = new Date().toISOString();
    try {
      await this.store.write(`profiles/${id}`, { id, setAside: at }, null);
    } catch {
      this.setAsideHere.set(id, at);
    }
  }

  /** Saves only over the version it was read at; a ConflictError means another instance got there first. */
  async save(profile: Profile): Promise<Profile> {
    const { _etag, ...doc } = profile;
    const saved = { ...doc, _etag: await this.store.write(`profiles/${profile.id}`, doc, _etag ?? null) };
    if (!doc.setAside) this.setAsideHere.delete(profile.id);
    return saved;
  }

  /** The ids of every official with a profile (everyone who has written to the bot), without reading them. */
  async ids(): Promise<string[]> {
    return this.store.list('profiles');
  }
}
