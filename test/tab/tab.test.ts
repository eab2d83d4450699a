import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { chromium, type Browser, type BrowserContext, type Frame, type Page, type Request } from 'playwright-core';
import { main, type RunningBot } from '../../bot/index.js';
import { FIELDS } from '../../dialogs/core/fields.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import {
  ALICE,
  AUDIENCE,
  BRUNO,
  CARLA,
  NAMES,
  OTHER_TENANT,
  REVIEWER,
  TENANT,
  seedStore,
  specs,
  startIdp,
  type Idp,
  type Spec,
} from './fixtures.js';
import { hostPage } from './host.js';
import { capturedLogs } from '../support/logs.js';

const OUT = new URL('../../test-output/tab/', import.meta.url);
const texts = JSON.parse(readFileSync(new URL('../../bot/tab/texts.json', import.meta.url), 'utf8')) as Record<
  string,
  Record<string, string>
>;

interface Listed {
  key: string;
  reference: string | null;
  isDraft: boolean;
  state: string;
  status: string;
  semester: string;
  title: string;
  areas: { id: number }[];
}

describe('Teams tab, on the real bot server (main) with a seeded data folder', function () {
  this.timeout(30_000);
  let idp: Idp;
  let bot: RunningBot;
  let dataDir: string;
  let base: string;
  let seeded: Map<Spec, { id: string }>;
  let logs: string[] = [];
  const tokensSeen: string[] = [];

  const token = async (...args: Parameters<Idp['token']>) => {
    const t = await idp.token(...args);
    tokensSeen.push(t);
    return t;
  };
  const get = async (path: string, bearer?: string) => {
    const res = await fetch(`${base}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  };
  const getJson = async <T = Record<string, unknown>>(path: string, bearer?: string) => {
    const r = await get(path, bearer);
    return { status: r.status, json: JSON.parse(r.body.toString('utf8')) as T, headers: r.headers };
  };
  const keys = (items: Listed[]) => items.map((i) => i.key).sort();
  const refsOf = (pred: (s: Spec) => boolean) =>
    specs()
      .filter((s) => s.reference && pred(s))
      .map((s) => s.reference!)
      .sort();

  before(async function () {
    idp = await startIdp();
    // The real bot (composition root) on a data folder seeded with practices and drafts of several officials.
    dataDir = await mkdtemp(join(tmpdir(), 'mesicic-tab-'));
    const store = await LowdbFileStore.open(dataDir, { journal: false, fsync: false });
    seeded = await seedStore({ drafts: new DraftRepository(store), practices: new PracticeRepository(store) }, specs());
    await store.close();
    const captured = capturedLogs('warn');
    logs = captured.lines;
    bot = await main(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        TAB_SSO_AUDIENCE: AUDIENCE,
        TAB_OPENID_CONFIG_URL: idp.configUrl,
        SECRETARIAT_REVIEWERS: REVIEWER,
        ALLOWED_TENANTS: TENANT,
        // Also framed from http://localhost, to show teams-js ignoring a host on an origin it does not accept.
        TAB_FRAME_ANCESTORS: 'http://localhost:*',
      },
      captured.logger,
      {
        // The Teams stand-in, on the tab's own origin (see host.ts).
        routes: (server) =>
          server.get('/test/host', async (req, res) => {
            const q = new URL(req.url ?? '/', 'http://x').searchParams;
            const who = q.get('who') ?? REVIEWER;
            const html = hostPage({
              token: await token(who),
              locale: q.get('locale') ?? 'es-MX',
              theme: (q.get('theme') as 'dark') ?? 'default',
              user: { id: who, name: NAMES[who]!, tenantId: TENANT },
              silent: q.has('silent'),
              ...(q.get('tab') ? { tabUrl: q.get('tab')! } : {}),
            });
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(html);
          }),
      },
    );
    base = bot.url;
  });

  after(async () => {
    await bot.close();
    await idp.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('identity', () => {
    const refused = async (bearer: string | undefined, why: string) => {
      const r = await getJson('/api/tab/practices', bearer);
      assert.equal(r.status, 401, why);
      assert.deepEqual(r.json, { error: 'unauthorized' }, why);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer', why);
    };

    it('refuses a request without a token, or with something that is not one', async () => {
      await refused(undefined, 'no header');
      const r = await fetch(`${base}/api/tab/me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      assert.equal(r.status, 401);
      await refused('not.a.jwt', 'garbage');
    });

    it('refuses a token for another audience, an expired one, a forged one and one from a tenant not allowed', async () => {
      await refused(
        await token(REVIEWER, { aud: 'api://elsewhere.example.org/00000000-0000-4000-8000-0000000000ff' }),
        'wrong audience',
      );
      await refused(await token(REVIEWER, { exp: Math.floor(Date.now() / 1000) - 600 }), 'expired');
      await refused(await token(REVIEWER, { key: 'forged' }), 'signed with a key the JWKS does not hold');
      await refused(await token(REVIEWER, { tid: OTHER_TENANT }), 'tenant not in the allow-list');
    });

    it('refuses an issuer that is not the token’s own tenant, and an app-only token without the delegated scope', async () => {
      await refused(
        await token(REVIEWER, { iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
        'issuer of another tenant',
      );
      await refused(await token(REVIEWER, { iss: 'https://sts.windows.net/' + TENANT + '/' }), 'v1 issuer');
      await refused(await token(REVIEWER, { scp: null }), 'no scp');
    });

    it('a tampered payload fails the signature', async () => {
      const [h, p, s] = (await token(ALICE)).split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, oid: REVIEWER })).toString('base64url');
      await refused(`${h}.${forgedPayload}.${s}`, 'oid swapped');
    });

    it('says who the server thinks you are, from the token alone', async () => {
      const me = await getJson('/api/tab/me', await token(REVIEWER));
      assert.equal(me.status, 200);
      assert.deepEqual(me.json, { aadObjectId: REVIEWER, tenantId: TENANT, name: NAMES[REVIEWER], role: 'reviewer' });
      const alice = await getJson('/api/tab/me', await token(ALICE));
      assert.equal(alice.json.role, 'official');
      assert.equal(alice.json.aadObjectId, ALICE);
    });
  });

  describe('what each user sees', () => {
    it('a reviewer sees every submitted practice, with its labels', async () => {
      const r = await getJson<{
        role: string;
        total: number;
        items: Listed[];
        options: Record<string, { value: string }[]>;
      }>('/api/tab/practices', await token(REVIEWER));
      assert.equal(r.status, 200);
      assert.equal(r.json.role, 'reviewer');
      assert.deepEqual(
        keys(r.json.items),
        refsOf(() => true),
      );
      assert.equal(r.json.total, 5);
      assert.deepEqual(r.json.options.states!.map((s) => s.value).sort(), ['CL', 'CO', 'MX', 'PA', 'PE']);
      assert.deepEqual(
        r.json.options.semesters!.map((s) => s.value),
        ['2026-S1', '2025-S2', '2025-S1'],
      );
      assert.equal(r.json.options.areas!.length, 17);
      const panama = r.json.items.find((i) => i.key === 'MESICIC-BP-2026-0001')!;
      assert.equal(panama.status, 'submitted');
      assert.deepEqual(
        panama.areas.map((a) => a.id),
        [12],
      );
    });

    it('an official sees only their own drafts and submissions', async () => {
      const alice = await getJson<{ role: string; items: Listed[] }>('/api/tab/practices', await token(ALICE));
      assert.equal(alice.json.role, 'official');
      const aliceDraft = [...seeded.entries()].find(([s]) => s.owner === ALICE && !s.reference)![1].id;
      assert.deepEqual(keys(alice.json.items), [...refsOf((s) => s.owner === ALICE), aliceDraft].sort());
      assert.equal(alice.json.items.find((i) => i.key === aliceDraft)!.isDraft, true);
      const bruno = await getJson<{ items: Listed[] }>('/api/tab/practices', await token(BRUNO));
      assert.deepEqual(
        keys(bruno.json.items),
        refsOf((s) => s.owner === BRUNO),
      );
      const carla = await getJson<{ items: Listed[] }>('/api/tab/practices', await token(CARLA));
      assert.deepEqual(keys(carla.json.items), ['MESICIC-BP-2026-0003']);
    });

    it('another official’s practice or draft answers 404, exactly like one that does not exist', async () => {
      const alice = await token(ALICE);
      const missing = await get('/api/tab/practices/MESICIC-BP-2026-0999', alice);
      assert.equal(missing.status, 404);
      const brunoDraft = [...seeded.entries()].find(([s]) => s.owner === BRUNO)![1].id;
      for (const key of ['MESICIC-BP-2025-0007', 'MESICIC-BP-2026-0003', brunoDraft]) {
        for (const suffix of ['', '/word']) {
          const r = await get(`/api/tab/practices/${key}${suffix}`, alice);
          assert.equal(r.status, 404, `${key}${suffix}`);
          assert.deepEqual(r.body, missing.body);
        }
      }
      // Keys that are not references never reach the store.
      for (const key of ['..%2Fdrafts%2F' + ALICE, '%2E%2E', 'a%20b'])
        assert.equal((await get(`/api/tab/practices/${key}`, await token(REVIEWER))).status, 404, key);
    });

    it('an official opens their own practice and their own draft; a reviewer opens any practice', async () => {
      const alice = await token(ALICE);
      const own = await getJson<{
        reference: string;
        title: string;
        stateLabel: string;
        fields: { number: number; label: string; parts: { text: string }[] }[];
      }>('/api/tab/practices/MESICIC-BP-2026-0001?lang=en', alice);
      assert.equal(own.status, 200);
      assert.equal(own.json.fields.length, FIELDS.length);
      assert.deepEqual(
        own.json.fields.map((f) => f.number),
        FIELDS.map((f) => f.number),
      );
      assert.equal(own.json.fields[0]!.label, 'Institution');
      assert.equal(own.json.stateLabel, 'Panama');
      const seed = specs()[0]!.seed!;
      assert.equal(own.json.title, seed.expected['title.title']);
      assert.equal(own.json.fields[2]!.parts[0]!.text, seed.expected['description.text']);
      const aliceDraft = [...seeded.entries()].find(([s]) => s.owner === ALICE && !s.reference)![1].id;
      const draft = await getJson<{ isDraft: boolean; reference: null; title: string }>(
        `/api/tab/practices/${aliceDraft}`,
        alice,
      );
      assert.equal(draft.status, 200);
      assert.equal(draft.json.isDraft, true);
      assert.equal(draft.json.reference, null);
      const reviewer = await getJson('/api/tab/practices/MESICIC-BP-2025-0007', await token(REVIEWER));
      assert.equal(reviewer.status, 200);
      assert.equal(reviewer.json.statusLabel, 'Aceptada');
      // A reviewer does not see officials' unsubmitted drafts.
      assert.equal((await get(`/api/tab/practices/${aliceDraft}`, await token(REVIEWER))).status, 404);
    });
  });

  describe('filters', () => {
    const list = async (query: string, who = REVIEWER) => {
      const r = await getJson<{ items: Listed[]; total: number }>(`/api/tab/practices?${query}`, await token(who));
      assert.equal(r.status, 200, query);
      return keys(r.json.items);
    };

    it('by State, status, semester, thematic area and free text, alone or together', async () => {
      assert.deepEqual(await list('state=PA'), ['MESICIC-BP-2026-0001']);
      assert.deepEqual(await list('state=pa'), ['MESICIC-BP-2026-0001']);
      assert.deepEqual(
        await list('status=submitted'),
        refsOf((s) => s.status === 'submitted'),
      );
      assert.deepEqual(await list('semester=2025-S2'), ['MESICIC-BP-2025-0007']);
      assert.deepEqual(
        await list('semester=2026-S1'),
        refsOf((s) => s.at.startsWith('2026')),
      );
      assert.deepEqual(await list('area=12'), ['MESICIC-BP-2025-0007', 'MESICIC-BP-2026-0001']);
      assert.deepEqual(await list('area=1'), ['MESICIC-BP-2026-0002']);
      assert.deepEqual(await list('q=ventanilla'), ['MESICIC-BP-2025-0003']);
      assert.deepEqual(await list('q=DECLARACIONES%20juradas'), ['MESICIC-BP-2026-0003']);
      assert.deepEqual(await list('area=12&status=accepted'), ['MESICIC-BP-2025-0007']);
      assert.deepEqual(await list('state=PA&status=accepted'), []);
      assert.deepEqual(
        await list('state=&q='),
        refsOf(() => true),
        'empty parameters are no filter',
      );
    });

    it('never widen what an official sees', async () => {
      assert.deepEqual(await list('state=MX', ALICE), []);
      assert.deepEqual(await list('status=draft', ALICE).then((k) => k.length), 1);
      assert.deepEqual(await list('area=5', CARLA), ['MESICIC-BP-2026-0003']);
    });

    it('refuse malformed values', async () => {
      for (const q of ['state=Panama', 'status=deleted', 'semester=2026-3', 'area=x', `q=${'a'.repeat(201)}`]) {
        const r = await getJson(`/api/tab/practices?${q}`, await token(REVIEWER));
        assert.equal(r.status, 400, q);
      }
    });
  });

  describe('Word', () => {
    it('serves the practice as a .docx attachment', async () => {
      const r = await get('/api/tab/practices/MESICIC-BP-2026-0001/word?lang=es', await token(ALICE));
      assert.equal(r.status, 200);
      assert.equal(
        r.headers.get('content-type'),
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      assert.match(r.headers.get('content-disposition')!, /^attachment; filename="MESICIC-BP-2026-0001\.docx"/);
      assert.equal(r.body.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
      const xml = await (await JSZip.loadAsync(r.body)).file('word/document.xml')!.async('string');
      assert.ok(xml.includes('MESICIC-BP-2026-0001'), 'the reference is in the document');
    });
  });

  describe('Word, a draft', () => {
    it('names a draft’s file after its title and as a draft, never after its internal id', async () => {
      const [, { id }] = [...seeded.entries()].find(([s]) => s.owner === ALICE && !s.reference)!;
      const r = await get(`/api/tab/practices/${id}/word?lang=es`, await token(ALICE));
      assert.equal(r.status, 200);
      const disposition = r.headers.get('content-disposition')!;
      assert.match(disposition, /filename="borrador-[a-z0-9-]+\.docx"/);
      assert.ok(!disposition.includes(id), disposition);
    });
  });

  describe('static files', () => {
    it('the tab’s texts exist in es, en, pt and fr with the same keys, none empty', () => {
      assert.deepEqual(Object.keys(texts).sort(), ['en', 'es', 'fr', 'pt']);
      const keysOf = (l: string) => Object.keys(texts[l]!).sort();
      for (const l of ['en', 'pt', 'fr']) assert.deepEqual(keysOf(l), keysOf('es'), l);
      for (const l of Object.keys(texts))
        for (const [k, v] of Object.entries(texts[l]!)) assert.ok(v.trim(), `${l}.${k}`);
    });

    it('serves the page with its texts and a strict CSP, the script and teams-js', async () => {
      const page = await get('/tab');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type')!, /^text\/html/);
      const html = page.body.toString('utf8');
      assert.ok(html.includes(texts.fr!.outside!), 'texts embedded');
      assert.ok(!html.includes('{{TEXTS}}'));
      const csp = page.headers.get('content-security-policy')!;
      assert.match(csp, /script-src 'self'/);
      assert.match(csp, /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/);
      const js = await get('/tab/app.js');
      assert.match(js.headers.get('content-type')!, /javascript/);
      const teams = await get('/tab/teams.js');
      assert.equal(teams.status, 200);
      assert.ok(teams.body.toString('utf8').includes('authentication.getAuthToken'));
    });

    it('serves the page’s scripts, and Chart.js at a path named after its content, cached for a year', async () => {
      const html = (await get('/tab')).body.toString('utf8');
      const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(scripts.length >= 8, scripts.join(' '));
      for (const src of scripts) assert.equal((await get(src)).status, 200, src);
      assert.equal((await get('/tab/web/nothing.js')).status, 404);
      const chart = /data-chart="(\/tab\/chart\.[0-9a-f]{16}\.js)"/.exec(html)?.[1];
      assert.ok(chart, 'the chart path is in the page');
      const served = await get(chart);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.ok(served.body.toString('utf8').includes('Chart'), 'Chart.js');
      // An element named like a module system's globals would make teams-js's and Chart.js's UMD wrappers skip theirs.
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      for (const reserved of ['exports', 'module', 'define']) assert.ok(!ids.includes(reserved), reserved);
    });

    it('fetched the OpenID configuration and the keys once, and logged no token', () => {
      assert.equal(idp.fetches.config, 1);
      assert.equal(idp.fetches.keys, 1);
      assert.ok(logs.length > 0, 'refusals are logged');
      for (const t of tokensSeen) assert.ok(!logs.some((l) => l.includes(t.split('.')[2]!)), 'a token reached the log');
    });
  });

  describe('in a browser', function () {
    this.timeout(60_000);
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let apiCalls: Request[];
    let outside: string[];

    before(async () => {
      mkdirSync(OUT, { recursive: true });
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
    });
    after(async () => browser?.close());

    beforeEach(async () => {
      context = await browser.newContext({
        viewport: { width: 1200, height: 900 },
        locale: 'en-US',
        acceptDownloads: true,
      });
      apiCalls = [];
      outside = [];
      // Loopback only: teams-js's fetch of its origin list from the CDN is refused here (it falls back to its own list).
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      context.on('request', (r) => {
        if (new URL(r.url()).pathname.startsWith('/api/')) apiCalls.push(r);
      });
      page = await context.newPage();
    });
    afterEach(async () => context?.close());

    const tabFrame = async (): Promise<Frame> => {
      const handle = await page.waitForSelector('#tab');
      const frame = await handle.contentFrame();
      assert.ok(frame);
      return frame;
    };
    const until = async (what: string, check: () => Promise<boolean>, ms = 5_000) => {
      const end = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
        await new Promise((ok) => setTimeout(ok, 50));
      }
    };
    const rows = async (frame: Frame) =>
      frame.$$eval('#rows tr[data-key]', (rs) => rs.map((r) => (r as HTMLElement).dataset.key ?? ''));
    const rowsAre = async (frame: Frame, expected: string[], what: string) => {
      await until(
        what,
        async () => JSON.stringify((await rows(frame)).sort()) === JSON.stringify([...expected].sort()),
      );
    };

    it('opened directly, it asks to be opened in Teams, in four languages, and calls no API', async () => {
      await page.goto(`${base}/tab`);
      await page.waitForSelector('#outside:not([hidden])', { timeout: 5_000 });
      const shown = await page.textContent('#outside');
      for (const lang of ['en', 'es', 'pt', 'fr']) assert.ok(shown!.includes(texts[lang]!.outside!), lang);
      assert.equal(await page.textContent('#outside .main-line'), 'Open this tab in Microsoft Teams');
      assert.equal(await page.isHidden('#app'), true);
      await page.waitForTimeout(300);
      assert.equal(apiCalls.length, 0);
      await page.screenshot({ path: new URL('outside.png', OUT).pathname });
    });

    it('framed by a page that is not Teams, it gives up after about 3 s with the same message', async () => {
      const started = Date.now();
      await page.goto(`${base}/test/host?silent`);
      const frame = await tabFrame();
      await frame.waitForSelector('#outside:not([hidden])', { timeout: 6_000 });
      const waited = Date.now() - started;
      assert.ok(waited >= 2_500 && waited < 6_000, `gave up after ${waited} ms`);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog), ['initialize']);
      assert.equal(apiCalls.length, 0);
    });

    it('framed by a host on an origin teams-js does not accept, it ignores the host’s answers and calls no API', async () => {
      const port = new URL(base).port;
      await page.goto(`http://localhost:${port}/test/host?tab=${encodeURIComponent(`${base}/tab`)}`);
      const frame = await tabFrame();
      assert.equal(new URL(frame.url()).origin, base);
      await frame.waitForSelector('#outside:not([hidden])', { timeout: 6_000 });
      const hostLog = await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog);
      assert.deepEqual(hostLog, ['initialize'], 'the host answered initialize; the tab never went on to getContext');
      assert.equal(apiCalls.length, 0);
    });

    it('in the Teams stand-in, a reviewer filters, opens a practice and downloads it as Word', async () => {
      await page.goto(`${base}/test/host?who=${REVIEWER}&locale=es-MX&theme=dark`);
      const frame = await tabFrame();
      await rowsAre(
        frame,
        refsOf(() => true),
        'the full list',
      );
      assert.equal(await frame.textContent('#title'), texts.es!.title);
      assert.match((await frame.textContent('#who'))!, new RegExp(texts.es!.roleReviewer!));
      assert.equal(await frame.getAttribute('body', 'class'), 'theme-dark');
      assert.equal(await frame.getAttribute('html', 'lang'), 'es');
      const hostLog = await page.evaluate(() => (window as unknown as { hostLog: string[] }).hostLog);
      for (const f of ['initialize', 'getContext', 'authentication.getAuthToken']) assert.ok(hostLog.includes(f), f);
      // Every API call carried the SSO token; none carried a user id of the page's own choosing.
      assert.ok(apiCalls.length >= 2);
      for (const call of apiCalls) {
        assert.match((await call.allHeaders())['authorization'] ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
        assert.ok(!call.url().includes(REVIEWER));
      }

      await frame.selectOption('#f-state', 'PA');
      await rowsAre(frame, ['MESICIC-BP-2026-0001'], 'Panama only');
      await frame.selectOption('#f-state', '');
      await rowsAre(
        frame,
        refsOf(() => true),
        'all again',
      );
      await frame.selectOption('#f-status', 'submitted');
      await rowsAre(
        frame,
        refsOf((s) => s.status === 'submitted'),
        'submitted only',
      );
      await frame.fill('#f-q', 'contraloría');
      await rowsAre(frame, ['MESICIC-BP-2026-0003'], 'narrowed by the search');
      await frame.click('#f-clear');
      await rowsAre(
        frame,
        refsOf(() => true),
        'filters cleared',
      );
      await page.screenshot({ path: new URL('list.png', OUT).pathname });

      await frame.click('#rows tr[data-key="MESICIC-BP-2026-0001"] td.title a');
      await frame.waitForSelector('#detail:not([hidden])');
      assert.equal(await frame.$$eval('#d-fields section', (s) => s.length), FIELDS.length);
      assert.equal(await frame.textContent('#d-title'), specs()[0]!.seed!.expected['title.title']);
      assert.ok((await frame.textContent('#d-fields section[data-field="1"] h3'))!.startsWith('1. Institución'));
      await page.screenshot({ path: new URL('detail.png', OUT).pathname });

      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 10_000 }),
        frame.click('#download'),
      ]);
      assert.equal(download.suggestedFilename(), 'MESICIC-BP-2026-0001.docx');
      const file = readFileSync(await download.path());
      assert.ok(file.length > 3_000, `${file.length} bytes`);
      assert.equal(file.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
      const word = apiCalls.find((c) => c.url().includes('/word'));
      assert.ok(word);
      assert.match((await word.allHeaders())['authorization'] ?? '', /^Bearer /);
      assert.deepEqual(
        outside.filter((u) => !u.startsWith('https://res.cdn.office.net/')),
        [],
        'nothing but the CDN list was attempted',
      );
    });

    it('in the Teams stand-in, an official in English sees only their own items', async () => {
      await page.goto(`${base}/test/host?who=${ALICE}&locale=en-GB&theme=contrast`);
      const frame = await tabFrame();
      const aliceDraft = [...seeded.entries()].find(([s]) => s.owner === ALICE && !s.reference)![1].id;
      await rowsAre(frame, [...refsOf((s) => s.owner === ALICE), aliceDraft], "Alice's items");
      assert.equal(await frame.textContent('#title'), texts.en!.title);
      assert.match((await frame.textContent('#who'))!, /Your drafts and submissions/);
      assert.equal(await frame.getAttribute('body', 'class'), 'theme-contrast');
      await frame.click(`#rows tr[data-key="${aliceDraft}"] td.title a`);
      await frame.waitForSelector('#detail:not([hidden])');
      assert.equal(await frame.textContent('#d-title'), 'Portal de compras públicas abiertas');
      await page.screenshot({ path: new URL('official-draft.png', OUT).pathname });
    });
  });
});
