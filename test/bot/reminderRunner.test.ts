import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { OutboxWorker } from '../../bot/notify/outboxWorker.js';
import { ReminderRunner } from '../../bot/notify/reminderRunner.js';
import { attachmentKey, newDraft, type Draft } from '../../dialogs/core/draft.js';
import { REMINDER_KIND, type ReminderPayload } from '../../dialogs/core/reminders.js';
import { FolderAttachments } from '../../storage/files/folderAttachments.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';
import { ReminderRepository } from '../../storage/repositories/reminders.js';
import { SessionClosingRepository } from '../../storage/repositories/sessionClosings.js';
import { SettingsRepository } from '../../storage/repositories/settings.js';

/*
 * The reminders' runner on the real lowdb file store in a temporary data folder, with a fake clock: what it
 * decides is in the outbox before it is recorded, survives a restart and is delivered once; two runners on one
 * store (as two instances on one blob container) queue one reminder; a pass reads only the officials its index
 * names; the purge removes a deleted draft and its files at 30 days, not at 29.
 */

const silent = pino({ level: 'silent' });
// Bogotá, UTC-5: 10:00 local on Monday 1 March 2027 is 15:00Z.
const T0 = new Date('2027-03-01T15:00:00Z');
const days = (n: number, from = T0) => new Date(from.getTime() + n * 86_400_000);

/** Counts the drafts folders read, to see which officials a pass looks at. */
function counting(inner: DocumentStore): DocumentStore & { listed: string[] } {
  const listed: string[] = [];
  return {
    listed,
    read: (k) => inner.read(k),
    write: (k, v, m) => inner.write(k, v, m),
    list: (p) => {
      if (p.startsWith('drafts/')) listed.push(p.slice('drafts/'.length));
      return inner.list(p);
    },
    remove: (k) => inner.remove(k),
  };
}

function rig(store: DocumentStore, dataDir: string, clock: () => Date, reachable = new Set<string>()) {
  const index = new ReminderRepository(store);
  const drafts = new DraftRepository(store, { beforeSave: (d) => index.touched(d.owner.id, clock()) });
  const profiles = new ProfileRepository(store);
  const settings = new SettingsRepository(store);
  const closings = new SessionClosingRepository(settings);
  const outbox = new OutboxRepository(store);
  const attachments = new FolderAttachments(dataDir, { fsync: false });
  const runner = new ReminderRunner({
    index,
    drafts,
    profiles,
    settings,
    closings,
    outbox,
    attachments,
    owners: () => store.list('profiles'),
    reachable: async (id) => reachable.has(id),
    afterDays: 7,
    defaultTimeZone: 'America/New_York',
    everyMs: 60 * 60_000,
    logger: silent,
    clock,
  });
  return { index, drafts, profiles, settings, closings, outbox, attachments, runner, reachable };
}

/** An official who wrote from Bogotá, with one draft saved at `at`. */
async function official(r: ReturnType<typeof rig>, id: string, at: Date, extra: Partial<Draft> = {}): Promise<Draft> {
  await r.profiles.save({ id, timeZone: 'America/Bogota', activeDraftId: `${id}-d1` });
  r.reachable.add(id);
  return r.drafts.save({ ...newDraft(`${id}-d1`, { id }, at.toISOString()), ...extra });
}

describe('Reminder runner on the lowdb file store (fake clock)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let store: LowdbFileStore | undefined;
  let now = T0;
  const clock = () => now;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-reminders-'));
    now = T0;
    store = await LowdbFileStore.open(dataDir, { fsync: false });
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a reminder decided before a restart is delivered once after it, and never decided again', async () => {
    const r = rig(store!, dataDir, clock);
    await official(r, 'aad-a', T0);
    now = days(7);
    assert.equal((await r.runner.runOnce()).queued, 1);
    // The process stops before the outbox delivered anything.
    await store!.close();
    store = await LowdbFileStore.open(dataDir, { fsync: false });
    const again = rig(store, dataDir, clock, r.reachable);
    const sent: ReminderPayload[] = [];
    const worker = new OutboxWorker({
      outbox: again.outbox,
      handlers: { [REMINDER_KIND]: async (item) => void sent.push(item.payload as ReminderPayload) },
      logger: silent,
      pollMs: 60_000,
      baseDelayMs: 10,
      maxDelayMs: 100,
      clock,
    });
    await worker.runOnce();
    assert.deepEqual(sent, [{ ownerId: 'aad-a', reason: 'untouched', drafts: ['aad-a-d1'] }]);
    // The next passes, the same day and a week later, queue nothing more: the draft was not touched since.
    for (const later of [days(7.01), days(14), days(21)]) {
      now = later;
      assert.equal((await again.runner.runOnce()).queued, 0);
      await worker.runOnce();
    }
    assert.equal(sent.length, 1);
    assert.deepEqual(await again.outbox.pending(), []);
  });

  it('two runners on one store at the same moment queue one reminder', async () => {
    const a = rig(store!, dataDir, clock);
    const b = rig(store!, dataDir, clock, a.reachable);
    await official(a, 'aad-b', T0);
    now = days(7);
    const [ra, rb] = await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);
    assert.equal(ra.queued + rb.queued, 1);
    assert.equal((await a.outbox.pending()).filter((i) => i.kind === REMINDER_KIND).length, 1);
    // One after the other, too: the second finds it recorded.
    assert.equal((await b.runner.runOnce()).queued + (await a.runner.runOnce()).queued, 0);
  });

  it('a crash between queueing and recording queues nothing twice', async () => {
    const r = rig(store!, dataDir, clock);
    await official(r, 'aad-c', T0);
    now = days(7);
    const save = r.index.saveState.bind(r.index);
    r.index.saveState = () => Promise.reject(new Error('killed'));
    const first = await r.runner.runOnce();
    assert.equal(first.queued, 1);
    assert.equal(first.failed, 1, 'the state was not recorded');
    r.index.saveState = save;
    const second = await r.runner.runOnce();
    assert.equal(second.queued, 0, 'the same decision, already in the outbox');
    assert.equal(second.failed, 0);
    assert.equal((await r.outbox.pending()).length, 1);
    assert.ok((await r.index.state('aad-c')).value.lastSentAt, 'recorded on the second pass');
  });

  it('after the first full look, a pass reads only the officials its index names', async () => {
    const counted = counting(store!);
    const r = rig(counted, dataDir, clock);
    for (let i = 0; i < 20; i++) await official(r, `aad-${i}`, T0);
    now = days(1);
    const full = await r.runner.runOnce();
    assert.equal(full.full, true);
    assert.equal(counted.listed.length, 20);
    counted.listed.length = 0;
    // One official writes (Tuesday, 12:24 in Bogotá); an hour later, only that one is read (the others' next look
    // is on day 7).
    now = days(1.1);
    await r.drafts.save({ ...(await r.drafts.get('aad-3', 'aad-3-d1'))!, updatedAt: now.toISOString() });
    now = days(1.15);
    const pass = await r.runner.runOnce();
    assert.equal(pass.full, false);
    assert.deepEqual(counted.listed, ['aad-3']);
    counted.listed.length = 0;
    // Day 7: every official but aad-3 is due; aad-3 on day 8.1.
    now = days(7);
    assert.equal((await r.runner.runOnce()).queued, 19);
    assert.equal(counted.listed.length, 19);
    now = days(8.05);
    assert.equal((await r.runner.runOnce()).queued, 0, 'not yet');
    assert.equal(counted.listed.length, 19, 'and not even read');
    now = days(8.1);
    assert.equal((await r.runner.runOnce()).queued, 1);
  });

  it('a new closing date makes the runner look at everyone once, and the session’s drafts are reminded', async () => {
    const r = rig(store!, dataDir, clock);
    await official(r, 'aad-s', days(20), { kind: 'session', sessionName: 'Open Contracting' });
    now = days(21);
    await r.runner.runOnce();
    await r.closings.set({ name: 'open contracting', closes: '2027-03-31' });
    const pass = await r.runner.runOnce();
    assert.equal(pass.full, true);
    // 7 days before the 31st: Wednesday 24th, 09:00 in Bogotá (14:00Z).
    now = new Date('2027-03-24T14:00:00Z');
    assert.equal((await r.runner.runOnce()).queued, 1);
    const [item] = await r.outbox.pending();
    assert.equal((item!.payload as ReminderPayload).reason, 'closing');
  });

  it('removes a draft the official deleted, and its files, 30 days later (not at 29); other drafts keep theirs', async () => {
    const r = rig(store!, dataDir, clock);
    const files = new Uint8Array([1, 2, 3]);
    await official(r, 'aad-p', T0);
    await r.attachments.put(attachmentKey('aad-p', 'gone', 'f1'), files);
    await r.attachments.put(attachmentKey('aad-p', 'aad-p-d1', 'f1'), files);
    await r.drafts.save({
      ...newDraft('gone', { id: 'aad-p' }, T0.toISOString()),
      attachments: [{ id: 'f1', name: 'a.pdf', size: 3, type: 'pdf', at: T0.toISOString() }],
      deleted: { at: T0.toISOString(), why: 'official' },
    });
    now = days(29);
    assert.equal((await r.runner.runOnce()).purged, 0);
    assert.ok(await r.drafts.get('aad-p', 'gone'));
    now = days(30);
    assert.equal((await r.runner.runOnce()).purged, 1);
    assert.equal(await r.drafts.get('aad-p', 'gone'), undefined);
    assert.equal(await r.attachments.get(attachmentKey('aad-p', 'gone', 'f1')), undefined);
    assert.ok(await r.attachments.get(attachmentKey('aad-p', 'aad-p-d1', 'f1')), 'the open draft keeps its file');
    assert.ok(await r.drafts.get('aad-p', 'aad-p-d1'));
    // After the journal is copied out, the file itself is gone from the data folder.
    await store!.close();
    store = await LowdbFileStore.open(dataDir, { fsync: false });
    assert.deepEqual((await readdir(join(dataDir, 'drafts', 'aad-p'))).sort(), ['aad-p-d1.json']);
  });
});
