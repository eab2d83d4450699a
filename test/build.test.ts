import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { compileOffThread } from '../bot/export/offThread.js';
import { readDocument } from '../bot/import/readDocx.js';
import { seedDocx } from './fixtures/seedDocx.js';
import { buildInto } from '../bot/compile/buildInto.js';
import { main, type RunningBot } from '../bot/index.js';
import { documentXml } from './export/docxText.js';
import { recordOf } from './export/records.js';
import { mexico } from './fixtures/seeds.js';
import { ConnectorStandIn } from './support/connector.js';
import { post, teamsMessage } from './support/teams.js';

/*
 * `npm start` runs the compiled JavaScript (npm run build: bot/compile). The same build, made into a temp folder,
 * must start on plain node, with no tsx anywhere, and answer as the bot run from its sources does: same replies and
 * cards (templates, locales and reference lists copied next to the code), same tab page, same Word compilation
 * from its worker thread.
 */

const ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  TAB_SSO_AUDIENCE: 'api://localhost/mesicic-build-test',
  TAB_OPENID_CONFIG_URL: 'http://127.0.0.1:9/unused',
};
/** What a child gets of this process's environment: no NODE_OPTIONS, so no loader this process may have. */
const BARE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1' };
const SCRIPT = ['hola', 'nuevo', 'ayuda'];

/** Every file under `dir`, relative, not following the node_modules link. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const path = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? filesUnder(dir, path) : [path];
  });
}

/** The replies to a conversation, without what differs between two runs: ids, times, the random draft ids. */
function comparable(activities: Partial<Activity>[]): unknown {
  const text = JSON.stringify(
    activities.map(({ id: _id, replyToId: _reply, timestamp: _t, localTimestamp: _l, ...rest }) => rest),
  );
  return JSON.parse(
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      // A draft made by a message is named after it (engine.ts freshDraft): the messages differ between the runs.
      .replace(/"[A-Za-z0-9_-]{16}\.d"/g, '"<message>.d"')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>'),
  ) as unknown;
}

/** Sends the script as one official, one message after the other; returns what reached the connector. */
async function converse(botUrl: string, connector: ConnectorStandIn, aad: string): Promise<Partial<Activity>[]> {
  const conversation = `a:personal-${aad}`;
  const before = connector.sent.length;
  for (const text of SCRIPT)
    assert.equal(await post(botUrl, teamsMessage({ serviceUrl: connector.url, aad, text, conversation })), 200);
  return connector.sent
    .slice(before)
    .filter((c) => c.conversationId === conversation)
    .map((c) => c.activity);
}

async function tab(botUrl: string): Promise<{ status: number; csp: string | null; body: string }[]> {
  return Promise.all(
    ['/tab', '/tab/app.js', '/tab/teams.js'].map(async (path) => {
      const res = await fetch(`${botUrl}${path}`);
      return { status: res.status, csp: res.headers.get('content-security-policy'), body: await res.text() };
    }),
  );
}

/** Runs node with these arguments, this input and no loader; resolves with its stdout. */
function runNode(args: string[], input: string | Buffer, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: BARE_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`node exited ${code}: ${Buffer.concat(err).toString('utf8')}`)),
    );
    child.stdin.end(input);
  });
}

describe('the compiled build that npm start runs', function () {
  let dir = '';
  let connector: ConnectorStandIn;
  let compiled: ChildProcess | undefined;
  let compiledUrl = '';
  let source: RunningBot | undefined;
  const stderr: string[] = [];

  before(async function () {
    // tsc over the whole bot: seconds, more on a busy machine; nothing here is timed.
    this.timeout(180_000);
    dir = await mkdtemp(join(tmpdir(), 'mesicic-build-'));
    await buildInto(join(dir, 'out'));
    connector = await new ConnectorStandIn().start();
    const child = spawn(process.execPath, [join(dir, 'out', 'bot', 'index.js')], {
      cwd: dir,
      env: { ...BARE_ENV, ...ENV, DATA_DIR: join(dir, 'data-compiled'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    compiled = child;
    createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    compiledUrl = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
      });
      child.once('exit', (code) =>
        reject(new Error(`the compiled bot exited (${code}) before listening:\n${stderr.join('\n')}`)),
      );
    });
    source = await main({ ...ENV, DATA_DIR: join(dir, 'data-source') }, pino({ level: 'silent' }));
  });

  after(async function () {
    this.timeout(30_000);
    if (compiled && compiled.exitCode === null) {
      const exited = new Promise((ok) => compiled!.once('exit', ok));
      compiled.kill('SIGTERM');
      await exited;
    }
    await source?.close();
    await connector?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is JavaScript with the files the code reads next to it, and none of the source-only files', () => {
    const files = filesUnder(join(dir, 'out'));
    assert.deepEqual(
      files.filter((f) => f.endsWith('.ts')),
      [],
    );
    for (const asset of [
      'bot/locales/es.json',
      'bot/tab/page.html',
      'bot/tab/app.js',
      'bot/tab/texts.json',
      'dialogs/cards/templates/question.json',
      'dialogs/core/reference/states-parties.json',
    ])
      assert.ok(files.includes(asset), asset);
    assert.ok(files.includes('bot/export/compileJob.js'));
    assert.ok(
      !existsSync(join(dir, 'out', 'bot', 'export', 'compileWorker.mjs')),
      'the tsx worker entry stays in the source tree',
    );
    assert.ok(!existsSync(join(dir, 'out', 'bot', 'compile', 'tsconfig.build.json')));
  });

  it('answers an official as the bot run from source does, cards included', async () => {
    const fromBuild = await converse(compiledUrl, connector, 'aad-build-test');
    const fromSource = await converse(source!.url, connector, 'aad-build-test');
    assert.ok(fromBuild.length >= SCRIPT.length, `${fromBuild.length} replies to ${SCRIPT.length} messages`);
    assert.ok(
      fromBuild.some((a) => (a.attachments ?? []).length > 0),
      'an Adaptive Card among the replies',
    );
    assert.deepEqual(comparable(fromBuild), comparable(fromSource));
  });

  it('serves the same tab page, script and teams-js', async () => {
    const [fromBuild, fromSource] = [await tab(compiledUrl), await tab(source!.url)];
    assert.deepEqual(
      fromBuild.map((r) => r.status),
      [200, 200, 200],
    );
    assert.deepEqual(fromBuild, fromSource);
  });

  it('builds a semester in its worker thread on plain node, as the source does', async function () {
    // Starting node and the worker, loading docx twice: seconds on a busy machine, not timed.
    this.timeout(60_000);
    const records = [recordOf(mexico())];
    const program = [
      `import { compileOffThread } from ${JSON.stringify(pathToFileURL(join(dir, 'out', 'bot', 'export', 'offThread.js')).href)};`,
      `let input = '';`,
      `for await (const chunk of process.stdin) input += chunk;`,
      `const records = JSON.parse(input);`,
      `process.stdout.write((await compileOffThread(records, '2026-S1', 'es')).toString('base64'));`,
    ].join('\n');
    // A file, not --eval: the worker inherits the process's flags, and --input-type would refuse its entry file.
    await writeFile(join(dir, 'compile.mjs'), program);
    const fromBuild = Buffer.from(await runNode([join(dir, 'compile.mjs')], JSON.stringify(records), dir), 'base64');
    const fromSource = await compileOffThread(records, '2026-S1', 'es');
    // docx names each link's relationship at random (r:id="rId…"): the same document, whatever the names.
    const content = async (docx: Buffer) => (await documentXml(docx)).replace(/ r:id="[^"]*"/g, ' r:id=""');
    assert.equal(await content(fromBuild), await content(fromSource));
  });

  it('reads an uploaded Word document in its worker thread on plain node, as the source does', async function () {
    this.timeout(60_000);
    const docx = await seedDocx('panama', 'twoColumns');
    const program = [
      `import { readDocument } from ${JSON.stringify(pathToFileURL(join(dir, 'out', 'bot', 'import', 'readDocx.js')).href)};`,
      `const chunks = [];`,
      `for await (const chunk of process.stdin) chunks.push(chunk);`,
      `process.stdout.write(JSON.stringify(await readDocument(new Uint8Array(Buffer.concat(chunks)))));`,
    ].join('\n');
    await writeFile(join(dir, 'read.mjs'), program);
    const fromBuild: unknown = JSON.parse(await runNode([join(dir, 'read.mjs')], docx, dir));
    assert.deepEqual(fromBuild, await readDocument(new Uint8Array(docx)));
  });
});
