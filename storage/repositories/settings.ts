import type { DocumentStore } from '../ports.js';
import { skipDamaged } from './damaged.js';

/** Small named JSON values the bot learns while running, such as the Secretariat channel's conversation reference. */
export class SettingsRepository {
  constructor(private readonly store: DocumentStore) {}

  async get<T>(name: string): Promise<T | undefined> {
    return (await this.store.read<T>(`settings/${name}`).catch(skipDamaged))?.value;
  }

  async set<T>(name: string, value: T): Promise<void> {
    await this.store.write(`settings/${name}`, value);
  }
}
