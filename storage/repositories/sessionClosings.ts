import { sessionKey, type SessionClosing, type SessionClosings } from '../../dialogs/core/reminders.js';
import type { SettingsRepository } from './settings.js';

const NAME = 'session-closings';

/** The closing dates the Secretariat set for special sessions, one settings document for all of them. */
export class SessionClosingRepository {
  constructor(private readonly settings: SettingsRepository) {}

  async all(): Promise<SessionClosings> {
    return (await this.settings.get<SessionClosings>(NAME)) ?? {};
  }

  async set(closing: SessionClosing): Promise<void> {
    await this.settings.set<SessionClosings>(NAME, { ...(await this.all()), [sessionKey(closing.name)]: closing });
  }

  /** False when the session had no closing date. */
  async clear(name: string): Promise<boolean> {
    const { [sessionKey(name)]: gone, ...rest } = await this.all();
    if (!gone) return false;
    await this.settings.set<SessionClosings>(NAME, rest);
    return true;
  }
}
