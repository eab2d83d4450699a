import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { ReminderRunner } from '../../bot/notify/reminderRunner.js';
import { MemoryAttachments } from '../../storage/files/memoryAttachments.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { ReminderRepository } from '../../storage/repositories/reminders.js';
import { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';
import { SettingsRepository } from '../../storage/repositories/settings.js';
import { fmt } from './stats.js';

/** Counts document reads, so a pass says how many it made. */
function counting(inner: DocumentStore): DocumentStore & { reads: number } {
  const counted = {
    reads: 0,
    read: <T>(k: string) => {
      counted.reads++;
      return inner.read<T>(k);
    },
    write: <T>(k: string, v: T, m?: string | null) => inner.write(k, v, m),
    list: (p: string) => inner.list(p),
    remove: (k: string) => inner.remove(k),
  };
  return counted;
}

/**
 * The reminders' runner on a data folder (the grown store, once its bot has stopped): a full look at every
 * official (what the first start on existing data, or a new closing date, costs), then the pass every 15 minutes
 * with nothing due, then one after 50 officials wrote. Reminders queued go to the folder's outbox (a throwaway).
 */
export async function reminderSpeed(dir: string): Promise<string[]> {
  const store = await LowdbFileStore.open(dir, { fsync: false });
  try {
    const counted = counting(store);
    const index = new ReminderRepository(counted);
    let now = new Date();
    const drafts = new DraftRepository(counted, { beforeSave: (d) => index.touched(d.owner.id, now) });
    const settings = new SettingsRepository(counted);
    const runner = new ReminderRunner({
      index,
      drafts,
      profiles: new ProfileRepository(counted),
      settings,
      closings: new SessionClosingRepository(settings),
      outbox: new OutboxRepository(counted),
      attachments: new MemoryAttachments(),
      owners: () => counted.list('profiles'),
      reachable: () => Promise.resolve(true),
      afterDays: 7,
      defaultTimeZone: 'UTC',
      everyMs: 15 * 60_000,
      logger: pino({ level: 'silent' }),
    });
    // Tuesday 10:00 UTC, eight days on: every generated draft (all touched in the last week) is due.
    const day = new Date(Date.now() + 8 * 86_400_000);
    day.setUTCHours(10, 0, 0, 0);
    while (day.getUTCDay() !== 2) day.setUTCDate(day.getUTCDate() + 1);
    const pass = async (at: Date) => {
      counted.reads = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await runner.runOnce(at);
      const used = process.cpuUsage(cpu);
      return { report, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, reads: counted.reads };
    };
    await settings.set('reminder-scan', {}); // as if the closing dates had changed: everyone is looked at
    const full = await pass(day);
    const idle = await pass(new Date(day.getTime() + 15 * 60_000));
    const owners = (await counted.list('profiles')).slice(0, 50);
    now = new Date(day.getTime() + 20 * 60_000);
    for (const owner of owners) {
      const [d] = await drafts.listByOwner(owner);
      if (d) await drafts.save({ ...d, updatedAt: now.toISOString() });
    }
    const after = await pass(new Date(day.getTime() + 45 * 60_000));
    return [
      `5. Reminders: a full look at ${fmt(full.report.owners)} officials ${fmt(full.ms)} ms (${fmt(full.cpuMs)} ms CPU, ${fmt(full.reads)} reads, ${fmt(full.report.queued)} reminders queued)`,
      `           a pass with nothing due ${fmt(idle.ms, 1)} ms (${fmt(idle.reads)} reads, ${fmt(idle.report.owners)} officials); after 50 officials wrote ${fmt(after.ms, 1)} ms (${fmt(after.reads)} reads, ${fmt(after.report.owners)} officials)`,
    ];
  } finally {
    await store.close();
  }
}
