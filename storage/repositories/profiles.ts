import type { Locale } from '../../dialogs/core/normalize.js';
import type { DocumentStore } from '../ports.js';

export interface Profile {
  id: string;
  /** Chosen with the language command; otherwise the Teams locale of each message is used. */
  locale?: Locale;
  activeDraftId?: string;
  /** The last draft submitted, so a repeated "submit" shows the same receipt. */
  lastSubmittedId?: string;
}

export class ProfileRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(id: string): Promise<Profile> {
    return (await this.store.read<Profile>(`profiles/${id}`))?.value ?? { id };
  }

  async save(profile: Profile): Promise<void> {
    await this.store.write(`profiles/${profile.id}`, profile);
  }
}
