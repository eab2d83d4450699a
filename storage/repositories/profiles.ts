import type { Profile, Profiles } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';

export type { Profile };

export class ProfileRepository implements Profiles {
  constructor(private readonly store: DocumentStore) {}

  async get(id: string): Promise<Profile> {
    const doc = await this.store.read<Profile>(`profiles/${id}`);
    return doc ? { ...doc.value, _etag: doc.etag } : { id };
  }

  /** Saves only over the version it was read at; a ConflictError means another instance got there first. */
  async save(profile: Profile): Promise<Profile> {
    const { _etag, ...doc } = profile;
    return { ...doc, _etag: await this.store.write(`profiles/${profile.id}`, doc, _etag ?? null) };
  }

  /** The ids of every official with a profile (everyone who has written to the bot), without reading them. */
  async ids(): Promise<string[]> {
    return this.store.list('profiles');
  }
}
