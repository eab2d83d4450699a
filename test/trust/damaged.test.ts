import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type RunningBot } from '../../bot/index.js';
import { semesterOf } from '../../dialogs/core/classify.js';
import { QUARANTINE_DIR } from '../../storage/lowdb/fileStore.js';
import { panama } from '../fixtures/seeds.js';
import { ConnectorStandIn } from '../support/connector.js';
import { capturedLogs } from '../support/logs.js';
import { say as sayTo } from '../support/say.js';
import { post, teamsMessage } from '../support/teams.js';

/*
 * Damaged files in a data folder (a cut JSON string, a hand edit, bytes of something else), found by the real
 * composed bot when it starts on that folder. None may block anyone: the official whose draft or profile it
 * was is told and can start again, references stay unique, the Secretariat's lists, exports and notifications
 * go on, /health answers, and logs name the file but never quote it.
 */

const CHANNEL = '19:damage-secretariat@thread.tacv2';
const REVIEWER = 'aad-damage-reviewer';
/** Written into every damaged file: it must never show in a log line or a reply. */
const MARKER = 'CONFIDENTIAL-ANSWER-TEXT';

describe('trust: damaged documents in the data folder', function () {
  this.timeout(120_000);
  let dataDir: string;
  let connector: ConnectorStandIn;
  let bot: RunningBot | undefined;
  let logs: string[] = [];

  const start = async () => {
    const captured = capturedLogs();
    logs = captured.lines;
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        OUTBOX_POLL_MS: '50',
        OUTBOX_BASE_DELAY_MS: '50',
        SECRETARIAT_CHANNEL_ID: CHANNEL,
        SECRETARIAT_SERVICE_URL: connector.url,
        SECRETARIAT_REVIEWERS: REVIEWER,
      },
      captured.logger,
    );
    return bot;
  };

  const say = (aad: string, text: string) => sayTo(bot!.url, connector, { aad, text });

  const submitPanama = async (aad: string): Promise<string> => {
    await say(aad, 'nuevo');
    for (const input of panama().inputs) await say(aad, input);
    const receipt = await say(aad, 'enviar');
    const reference = /MESICIC-BP-\d{4}-\d{4}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);
    return reference;
  };

  const reviewer = async (text: string): Promise<string> => {
    const activity = teamsMessage({
      serviceUrl: connector.url,
      aad: REVIEWER,
      name: 'Revisora',
      text: `<at>MESICIC</at> ${text}`,
    });
    activity.conversation = {
      id: `${CHANNEL};messageid=r1`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: 'tenant-1',
      name: '',
    };
    activity.channelData = { channel: { id: CHANNEL }, tenant: { id: 'tenant-1' } };
    const before = connector.textsTo(activity.conversation.id).length;
    assert.equal(await post(bot!.url, activity), 200);
    await connector.waitFor(() => connector.textsTo(activity.conversation!.id).length > before);
    return connector.textsTo(activity.conversation.id).at(-1)!;
  };

  /** Cuts a document's file in the middle of a string, and puts the marker in what is left. */
  const damage = async (...parts: string[]) => {
    const file = join(dataDir, ...parts);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text.slice(0, Math.floor(text.length / 2))}"${MARKER} and then the disk stopped`);
  };

  before(async () => {
    connector = await new ConnectorStandIn().start();
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-damaged-'));
  });

  after(async () => {
    await bot?.close();
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sets each damaged document aside, tells whom it concerns, and lets everyone go on', async () => {
    // A first run leaves one submitted practice, a draft in progress, and a profile that chose English.
    await start();
    const first = await submitPanama('aad-dmg-submitter');
    await connector.waitFor(() => connector.textsTo(CHANNEL).some((t) => t.includes(first)));
    await say('aad-dmg-draft', 'nuevo');
    await say('aad-dmg-draft', '1');
    await say('aad-dmg-profile', 'nuevo');
    await bot!.close();
    bot = undefined;

    const draftDir = join(dataDir, 'drafts', 'aad-dmg-draft');
    const [draftFile] = await readdir(draftDir);
    await damage('drafts', 'aad-dmg-draft', draftFile!);
    await damage('profiles', 'aad-dmg-profile.json');
    await damage('practices', `${first}.json`);
    await writeFile(
      join(dataDir, 'counters', `${(await readdir(join(dataDir, 'counters')))[0]}`),
      `{"etag":"x","value":"${MARKER}`,
    );
    await mkdir(join(dataDir, 'outbox'), { recursive: true });
    await writeFile(
      join(dataDir, 'outbox', 'notify-broken.json'),
      `{"etag":"x","value":{"id":"notify-broken","kind":"secretariat-notification","payload":{"ref":"${MARKER}`,
    );
    await start();

    // The official whose draft it was: told plainly, and "nuevo" works.
    const told = await say('aad-dmg-draft', 'hola');
    assert.match(told, /No pudimos leer el borrador que tenía abierto/);
    assert.match(told, /guardado aparte/);
    assert.match(await say('aad-dmg-draft', 'nuevo'), /borrador nuevo/);
    // The official whose profile it was: told, and goes on.
    const profileTold = await say('aad-dmg-profile', 'estado');
    assert.match(profileTold, /No pudimos leer sus preferencias/);
    assert.doesNotMatch(await say('aad-dmg-profile', 'nuevo'), /No pudimos leer/, 'told once');

    // The counter was damaged and the first practice too: the next reference is still a new one.
    const second = await submitPanama('aad-dmg-second');
    assert.notEqual(second, first, 'references stay unique');
    assert.match(second, /-0002$/);
    // The damaged outbox item does not hold up the others.
    await connector.waitFor(() => connector.textsTo(CHANNEL).some((t) => t.includes(second)));

    // The Secretariat's lists and exports work with what can be read.
    assert.match(await reviewer('lista situación enviada'), new RegExp(second));
    const exported = await reviewer(`exportar ${semesterOf(new Date().toISOString())}`);
    const urls = [...exported.matchAll(/(http:\/\/\S+\/files\?t=\S+)/g)].map((m) => m[1]!);
    assert.equal(urls.length, 3, exported);
    const csv = await fetch(urls[0]!);
    assert.equal(csv.status, 200);
    const csvText = await csv.text();
    assert.match(csvText, new RegExp(second));
    assert.doesNotMatch(csvText, new RegExp(MARKER));

    const health = await fetch(`${bot!.url}/health`);
    assert.equal(health.status, 200, JSON.stringify(await health.clone().json()));

    // Every damaged file was kept, byte for byte, under .quarantine; the logs name each key and path, never the content.
    const kept = await readdir(join(dataDir, QUARANTINE_DIR), { recursive: true });
    for (const where of ['drafts', 'profiles', 'practices', 'counters', 'outbox'])
      assert.ok(
        kept.some((k) => k.startsWith(where + '/') && /\.json\.[^/]+$/.test(k)),
        `${where}: kept aside (${kept.join(', ')})`,
      );
    const setAside = logs
      .map((l) => JSON.parse(l) as { msg: string; key?: string; path?: string })
      .filter((l) => l.msg === 'damaged document set aside');
    for (const key of [`profiles/aad-dmg-profile`, `practices/${first}`, 'outbox/notify-broken'])
      assert.ok(
        setAside.some((l) => l.key === key && l.path?.startsWith(dataDir)),
        `a log line names ${key}: ${JSON.stringify(setAside)}`,
      );
    assert.ok(setAside.some((l) => l.key?.startsWith('drafts/aad-dmg-draft/')));
    assert.ok(setAside.some((l) => l.key?.startsWith('counters/')));
    assert.deepEqual(
      logs.filter((l) => l.includes(MARKER)),
      [],
      'no log line quotes a damaged file',
    );
    assert.ok(
      connector.sent.every((s) => !JSON.stringify(s.activity).includes(MARKER)),
      'no reply quotes a damaged file',
    );
  });
});
