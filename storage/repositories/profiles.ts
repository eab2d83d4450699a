import type { Locale } from '../../dialogs/core/normalize.js';
import type { DocumentStore } from '../ports.js';

export interface Profile {
  id: string;
  /** Chosen with the language command; otherwise the Teams locale of each message is used. */
  locale?: Locale;
  activeDraftId?: string;
  /** The last draft submitted, so a repeated "submit" shows the same receipt. */
  lastSubmittedId?: string;
  /** Storage version of this copy; not stored (see Draft._etag). */
  _etag?: string;
}

export class ProfileRepository {
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
}
