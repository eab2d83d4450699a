import assert from 'node:assert/strict';
import { newDraft, type Draft } from '../../dialogs/core/draft.js';
import {
  decide,
  sessionKey,
  type Decision,
  type OwnerFacts,
  type ReminderPolicy,
  type ReminderState,
  type SessionClosings,
} from '../../dialogs/core/reminders.js';
import { inWorkingHours, localTime, nextWorkingTime } from '../../dialogs/core/workingHours.js';

/*
 * The reminder policy on a fake clock. Bogotá is UTC-5 all year (no daylight saving), so "10:00 local" is 15:00Z;
 * March 2027: Monday the 1st, 8th, 15th, 22nd and 29th.
 */

const BOGOTA = 'America/Bogota';
const at = (iso: string) => new Date(iso);
/** A local time in Bogotá as an instant. */
const bogota = (day: string, hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour + 5) * 3_600_000);

function draft(id: string, touched: string, extra: Partial<Draft> = {}): Draft {
  return { ...newDraft(id, { id: 'aad-1' }, touched), cursor: { step: 'institution.state', failures: 0 }, ...extra };
}

const policy = (closings: SessionClosings = {}): ReminderPolicy => ({
  afterDays: 7,
  defaultTimeZone: 'America/New_York',
  closings,
});

function facts(drafts: Draft[], state: ReminderState = {}, profile: OwnerFacts['profile'] = { timeZone: BOGOTA }) {
  return { ownerId: 'aad-1', profile, drafts, state, reachable: true };
}

/** Runs the policy as the runner does: the state it returns is the next run's. */
class Official {
  state: ReminderState = {};
  constructor(
    public drafts: Draft[],
    public profile: OwnerFacts['profile'] = { timeZone: BOGOTA },
    public closings: SessionClosings = {},
  ) {}
  at(now: Date): Decision {
    const d = decide(now, { ...facts(this.drafts, this.state, this.profile) }, policy(this.closings));
    this.state = d.state;
    return d;
  }
}

describe('Reminders policy (fake clock)', () => {
  describe('working hours in the official’s time zone', () => {
    it('knows Monday to Friday 09:00–17:00 local, with daylight saving', () => {
      assert.equal(inWorkingHours(bogota('2027-03-01', 9), BOGOTA), true);
      assert.equal(inWorkingHours(bogota('2027-03-01', 8), BOGOTA), false);
      assert.equal(inWorkingHours(bogota('2027-03-01', 17), BOGOTA), false);
      assert.equal(inWorkingHours(bogota('2027-03-06', 11), BOGOTA), false, 'a Saturday');
      // New York moves to UTC-4 on Sunday 14 March 2027: Monday's 09:00 is 13:00Z, the Friday before's 14:00Z.
      assert.equal(
        nextWorkingTime(at('2027-03-13T03:00:00Z'), 'America/New_York').toISOString(),
        '2027-03-15T13:00:00.000Z',
      );
      assert.equal(
        nextWorkingTime(at('2027-03-12T02:00:00Z'), 'America/New_York').toISOString(),
        '2027-03-12T14:00:00.000Z',
      );
      // Madrid, Tokyo: the same rule in their own clocks.
      assert.equal(localTime(nextWorkingTime(at('2027-03-01T20:00:00Z'), 'Asia/Tokyo'), 'Asia/Tokyo').hour, 9);
      assert.equal(
        nextWorkingTime(at('2027-03-05T17:30:00Z'), 'Europe/Madrid').toISOString(),
        '2027-03-08T08:00:00.000Z',
      );
    });
  });

  describe('a draft untouched for 7 days', () => {
    it('is reminded once, with the draft to resume, in working hours', () => {
      const o = new Official([draft('d1', bogota('2027-03-01', 10).toISOString())]);
      const early = o.at(bogota('2027-03-08', 9));
      assert.equal(early.reminders.length, 0, 'not yet 7 days');
      assert.equal(early.nextCheckAt?.toISOString(), bogota('2027-03-08', 10).toISOString());
      const due = o.at(bogota('2027-03-08', 10));
      assert.equal(due.reminders.length, 1);
      assert.deepEqual(due.reminders[0]!.payload, { ownerId: 'aad-1', reason: 'untouched', drafts: ['d1'] });
      // Never again for the same silence: a week later, a month later.
      for (const day of ['2027-03-15', '2027-03-22', '2027-04-12'])
        assert.equal(o.at(bogota(day, 11)).reminders.length, 0);
      assert.equal(o.at(bogota('2027-04-12', 11)).nextCheckAt, undefined, 'nothing to look at until it is touched');
    });

    it('due at 22:00 local waits until 09:00 on the next working day, local', () => {
      const o = new Official([draft('d1', bogota('2027-03-01', 22).toISOString())]);
      const night = o.at(bogota('2027-03-08', 22));
      assert.equal(night.reminders.length, 0);
      assert.equal(night.nextCheckAt?.toISOString(), bogota('2027-03-09', 9).toISOString());
      assert.equal(o.at(bogota('2027-03-09', 8)).reminders.length, 0);
      assert.equal(o.at(bogota('2027-03-09', 9)).reminders.length, 1);
    });

    it('due on a Friday evening waits for Monday 09:00; an unknown zone uses the Secretariat’s (New York)', () => {
      const friday = new Official([draft('d1', bogota('2027-02-26', 18).toISOString())]);
      const d = friday.at(bogota('2027-03-05', 18));
      assert.equal(d.nextCheckAt?.toISOString(), bogota('2027-03-08', 9).toISOString());
      const unknown = new Official([draft('d1', '2027-03-01T12:00:00Z')], { timeZone: 'Mars/Olympus' });
      // 08:30 in New York (13:30Z, UTC-5 in early March) is before hours; 09:00 is 14:00Z.
      assert.equal(unknown.at(at('2027-03-08T13:30:00Z')).nextCheckAt?.toISOString(), '2027-03-08T14:00:00.000Z');
      assert.equal(unknown.at(at('2027-03-08T14:00:00Z')).reminders.length, 1);
    });

    it('never more than one a week per official; a draft touched after its reminder is reminded again later', () => {
      const o = new Official([
        draft('d1', bogota('2027-03-01', 10).toISOString()),
        draft('d2', bogota('2027-03-03', 10).toISOString()),
      ]);
      assert.deepEqual(o.at(bogota('2027-03-08', 10)).reminders[0]?.payload.drafts, ['d1']);
      // d2 turns 7 days old on the 10th: it waits for the week since the last reminder to pass.
      const d2 = o.at(bogota('2027-03-10', 10));
      assert.equal(d2.reminders.length, 0);
      assert.equal(d2.nextCheckAt?.toISOString(), bogota('2027-03-15', 10).toISOString());
      const next = o.at(bogota('2027-03-15', 10));
      assert.deepEqual(next.reminders[0]?.payload.drafts, ['d2']);
      assert.notEqual(next.reminders[0].id, 'reminder:aad-1:untouched:first', 'a new id for a new reminder');
      // The official answers d1 on the 16th, then leaves it again: 7 days later (and a week after the last), once more.
      o.drafts = [draft('d1', bogota('2027-03-16', 11).toISOString()), o.drafts[1]!];
      assert.equal(o.at(bogota('2027-03-22', 12)).reminders.length, 0);
      assert.deepEqual(o.at(bogota('2027-03-23', 11)).reminders[0]?.payload.drafts, ['d1']);
    });

    it('two drafts untouched at once come in one reminder with both', () => {
      const o = new Official([
        draft('d1', bogota('2027-03-01', 10).toISOString()),
        draft('d2', bogota('2027-03-01', 11).toISOString()),
      ]);
      assert.deepEqual(
        o.at(bogota('2027-03-09', 10)).reminders.map((r) => r.payload.drafts),
        [['d1', 'd2']],
      );
    });

    it('leaves out submitted, deleted and merged drafts', () => {
      const old = bogota('2027-03-01', 10).toISOString();
      const o = new Official([
        draft('sent', old, { status: 'submitted', reference: 'MESICIC-BP-2027-0001' }),
        draft('gone', old, { deleted: { at: old, why: 'official' } }),
        draft('merged', old, { deleted: { at: old, why: 'merged', into: 'x' } }),
      ]);
      assert.equal(o.at(bogota('2027-03-10', 10)).reminders.length, 0);
    });

    it('the same facts always give the same id: two instances deciding at once queue one item', () => {
      const f = facts([draft('d1', bogota('2027-03-01', 10).toISOString())]);
      const a = decide(bogota('2027-03-08', 10), f, policy());
      const b = decide(bogota('2027-03-08', 11), f, policy());
      assert.equal(a.reminders[0]!.id, b.reminders[0]!.id);
    });
  });

  describe('"no reminders"', () => {
    it('stops every reminder, looks again daily, and "reminders on" brings the due one back', () => {
      const o = new Official([draft('d1', bogota('2027-03-01', 10).toISOString())], {
        timeZone: BOGOTA,
        reminders: 'off',
      });
      const off = o.at(bogota('2027-03-08', 10));
      assert.equal(off.reminders.length, 0);
      assert.equal(off.nextCheckAt?.toISOString(), bogota('2027-03-09', 10).toISOString());
      o.profile = { timeZone: BOGOTA };
      assert.equal(o.at(bogota('2027-03-09', 10)).reminders.length, 1);
    });

    it('also stops closing-date notices; nobody unreachable is reminded', () => {
      const closings = { [sessionKey('Open Contracting')]: { name: 'Open Contracting', closes: '2027-03-31' } };
      const session = draft('s1', bogota('2027-03-20', 10).toISOString(), {
        kind: 'session',
        sessionName: 'Open Contracting',
      });
      const off = new Official([session], { timeZone: BOGOTA, reminders: 'off' }, closings);
      assert.equal(off.at(bogota('2027-03-24', 10)).reminders.length, 0);
      const f = { ...facts([draft('d1', bogota('2027-03-01', 10).toISOString())]), reachable: false };
      assert.equal(decide(bogota('2027-03-09', 10), f, policy()).reminders.length, 0);
    });
  });

  describe('a special session’s closing date', () => {
    const closings = { [sessionKey('Open Contracting')]: { name: 'Open Contracting', closes: '2027-03-31' } };
    const session = (touched: string) => draft('s1', touched, { kind: 'session', sessionName: '«open  contracting»' });

    it('reminds 7 days and 1 day before, once each, even a draft touched the day before', () => {
      const o = new Official([session(bogota('2027-03-22', 15).toISOString())], { timeZone: BOGOTA }, closings);
      const before = o.at(bogota('2027-03-23', 10));
      assert.equal(before.reminders.length, 0);
      assert.equal(
        before.nextCheckAt?.toISOString(),
        bogota('2027-03-24', 9).toISOString(),
        'Wednesday 24th, 09:00 local',
      );
      const seven = o.at(bogota('2027-03-24', 9));
      assert.equal(seven.reminders.length, 1);
      assert.deepEqual(seven.reminders[0]!.payload, {
        ownerId: 'aad-1',
        reason: 'closing',
        drafts: ['s1'],
        session: 'Open Contracting',
        closes: '2027-03-31',
      });
      assert.match(seven.reminders[0]!.id, /:closing:2027-03-31:7d:/);
      assert.equal(o.at(bogota('2027-03-25', 10)).reminders.length, 0, 'once');
      const one = o.at(bogota('2027-03-30', 9));
      assert.equal(one.reminders.length, 1);
      assert.match(one.reminders[0]!.id, /:closing:2027-03-31:1d:/);
      assert.equal(o.at(bogota('2027-03-30', 15)).reminders.length, 0, 'once');
      assert.equal(o.at(bogota('2027-04-01', 10)).reminders.length, 0, 'closed');
    });

    it('sends only the 1-day notice when the 7-day one was missed; waits out the night; a weekend moves it to Friday', () => {
      const late = new Official([session(bogota('2027-03-01', 10).toISOString())], { timeZone: BOGOTA }, closings);
      // 20:00 on the 30th: out of hours, and the next 09:00 is the closing day itself, still before it ends.
      const night = late.at(bogota('2027-03-30', 20));
      assert.equal(night.reminders.length, 0);
      assert.equal(night.nextCheckAt?.toISOString(), bogota('2027-03-31', 9).toISOString());
      const sent = late.at(bogota('2027-03-31', 9));
      assert.deepEqual(
        sent.reminders.map((r) => /:(\dd):/.exec(r.id)?.[1]),
        ['1d'],
      );
      // A closing on Monday 29th: the 1-day notice comes on Friday 26th.
      const monday = { [sessionKey('Open Contracting')]: { name: 'Open Contracting', closes: '2027-03-29' } };
      const o = new Official([session(bogota('2027-03-25', 10).toISOString())], { timeZone: BOGOTA }, monday);
      o.state = { notices: [] };
      const friday = o.at(bogota('2027-03-26', 10));
      assert.deepEqual(
        friday.reminders.map((r) => /:(\dd):/.exec(r.id)?.[1]),
        ['1d'],
      );
    });

    it('a closing notice comes instead of an untouched-draft reminder, which then waits a week', () => {
      const stale = draft('d1', bogota('2027-03-10', 10).toISOString());
      const o = new Official([stale, session(bogota('2027-03-10', 10).toISOString())], { timeZone: BOGOTA }, closings);
      const d = o.at(bogota('2027-03-24', 10));
      assert.deepEqual(
        d.reminders.map((r) => r.payload.reason),
        ['closing'],
      );
      assert.equal(d.nextCheckAt?.toISOString(), bogota('2027-03-30', 9).toISOString(), 'the 1-day notice comes first');
      assert.equal(o.at(bogota('2027-03-30', 9)).reminders[0]?.payload.reason, 'closing');
      assert.equal(o.at(bogota('2027-04-06', 10)).reminders[0]?.payload.reason, 'untouched');
    });
  });

  describe('the purge of drafts the official deleted', () => {
    const deletedAt = '2027-03-01T15:00:00.000Z';
    const gone = (extra: Partial<Draft> = {}) =>
      draft('gone', '2027-02-20T10:00:00Z', { deleted: { at: deletedAt, why: 'official' }, ...extra });

    it('removes one 30 days after its deletion, not at 29, and says when to come back', () => {
      const d29 = decide(at('2027-03-30T15:00:00Z'), facts([gone()]), policy());
      assert.equal(d29.purge.length, 0);
      assert.equal(d29.nextCheckAt?.toISOString(), '2027-03-31T15:00:00.000Z');
      const d30 = decide(at('2027-03-31T15:00:00Z'), facts([gone()]), policy());
      assert.deepEqual(
        d30.purge.map((d) => d.id),
        ['gone'],
      );
    });

    it('never a draft that was submitted, a merged one, or one holding a reference', () => {
      const later = at('2027-06-01T00:00:00Z');
      const kept = [
        gone({ id: 'sub', history: [{ status: 'submitted', at: deletedAt, by: 'x' }] }),
        gone({ id: 'ref', pendingReference: 'MESICIC-BP-2027-0009' }),
        gone({ id: 'ret', status: 'returned' }),
        draft('merged', deletedAt, { deleted: { at: deletedAt, why: 'merged', into: 'x' } }),
      ];
      assert.deepEqual(decide(later, facts(kept), policy()).purge, []);
      // Opting out of reminders does not keep a deleted draft longer.
      assert.equal(decide(later, facts([gone()], {}, { reminders: 'off' }), policy()).purge.length, 1);
    });
  });
});
