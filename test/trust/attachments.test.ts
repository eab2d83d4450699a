import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat, statfs, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FolderAttachments } from '../../storage/files/folderAttachments.js';
import { errnoOf } from '../../storage/errno.js';
import { filesUnder } from '../support/filesUnder.js';

/*
 * Attached files in the data folder under the two things that cut a write short: a disk too full for the file
 * (a tmpfs this test mounts; needs root, otherwise skipped with the reason printed), and SIGKILL in the middle of a
 * 20 MB write. Either way a file is there whole or not at all, and the folder keeps working.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

const temporary = (names: string[]) => names.filter((n) => n.split('/').pop()!.startsWith('.'));

function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `mount failed: ${String((err as Error).message).split('\n')[0]}`;
  }
}

/** Takes all but about `leave` bytes of the file system at `mountPoint`. */
async function fillAllBut(mountPoint: string, leave: number): Promise<string> {
  const { bavail, bsize } = await statfs(mountPoint);
  const path = join(mountPoint, 'filler');
  const handle = await open(path, 'w');
  try {
    await handle.write(Buffer.alloc(Math.max(0, bavail * bsize - leave), 120));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return path;
}

const same = (got: Uint8Array | undefined, want: Uint8Array) =>
  assert.ok(got && Buffer.from(got).equals(Buffer.from(want)), `${got?.length} bytes, not the ${want.length} written`);

describe('trust: attachments on a disk too full for them', function () {
  this.timeout(120_000);
  let mountPoint: string;
  let mounted = false;

  before(async function () {
    mountPoint = await mkdtemp(join(tmpdir(), 'mesicic-attach-full-'));
    const why = mountTmpfs(mountPoint, '8m');
    if (why) {
      console.log(`      skipped: a full disk needs a small file system of its own (${why})`);
      this.skip();
    }
    mounted = true;
  });

  after(async () => {
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  it('refuses with ENOSPC, leaves no part of the file and no temporary file, keeps the others, works once space is back', async () => {
    const dataDir = join(mountPoint, 'data');
    const files = new FolderAttachments(dataDir);
    const earlier = randomBytes(MB);
    const before = randomBytes(MB / 2);
    await files.put('msteams-29:abc/d1/earlier', earlier);
    await files.put('msteams-29:abc/d1/f', before);

    // A file larger than the whole file system.
    const huge = randomBytes(20 * MB);
    await assert.rejects(files.put('msteams-29:abc/d1/huge', huge), (err) => errnoOf(err) === 'ENOSPC');
    assert.equal(await files.get('msteams-29:abc/d1/huge'), undefined);
    assert.deepEqual(temporary(await filesUnder(dataDir)), [], 'a temporary file left behind');

    // A file that would fit an empty disk, on one taken by something else; over an earlier version of itself.
    const filler = await fillAllBut(mountPoint, MB);
    const bytes = randomBytes(3 * MB);
    await assert.rejects(files.put('msteams-29:abc/d1/f', bytes), (err) => errnoOf(err) === 'ENOSPC');
    assert.deepEqual(temporary(await filesUnder(dataDir)), [], 'a temporary file left behind');
    same(await files.get('msteams-29:abc/d1/f'), before);
    same(await files.get('msteams-29:abc/d1/earlier'), earlier);
    assert.deepEqual((await filesUnder(dataDir)).sort(), [
      'attachments/msteams-29%3Aabc/d1/earlier.bin',
      'attachments/msteams-29%3Aabc/d1/f.bin',
    ]);

    // Space comes back: the same put goes through.
    await unlink(filler);
    await files.put('msteams-29:abc/d1/f', bytes);
    same(await files.get('msteams-29:abc/d1/f'), bytes);
    same(await files.get('msteams-29:abc/d1/earlier'), earlier);
  });
});

/** The writer, a separate process: overwrites one key with version after version, saying before and after each. */
const WRITER = `
import { FolderAttachments } from ${JSON.stringify(join(ROOT, 'storage/files/folderAttachments.ts'))};
const [dir, key, size, first] = process.argv.slice(1);
const files = new FolderAttachments(dir, { fsync: true });
for (let v = Number(first); ; v++) {
  const bytes = Buffer.alloc(Number(size), v % 256);
  console.log('writing ' + v);
  await files.put(key, bytes);
  console.log('written ' + v);
}
`;

/** True once a temporary file not in `old` is in the folder: a write under way, between its open and its rename. */
async function writing(folder: string, old: Set<string>): Promise<boolean> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return temporary(names).some((n) => !old.has(n));
}

/**
 * Starts the writer on versions `first`, `first + 1`, …; once version `first` is whole (or, with `whole` false,
 * once it has begun), kills the writer with SIGKILL the moment a temporary file shows it in the middle of a write.
 * Returns the last version it said was written and the last it said it began, from everything it printed.
 */
async function killWhileWriting(dir: string, key: string, folder: string, first: number, whole: boolean) {
  const old = new Set(temporary(await readdir(folder).catch(() => [] as string[])));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', WRITER, dir, key, String(SIZE), String(first)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((ok) => child.once('exit', (_code, signal) => ok(signal)));
  const lines = createInterface({ input: child.stdout });
  const closed = new Promise((ok) => lines.once('close', ok));
  let written = first - 1;
  let begun = first - 1;
  let ready!: () => void;
  const started = new Promise<void>((ok) => (ready = ok));
  lines.on('line', (line) => {
    const [word, n] = line.split(' ');
    if (word === 'written') written = Number(n);
    if (word === 'writing') begun = Number(n);
    if (line === (whole ? `written ${first}` : `writing ${first}`)) ready();
  });
  const died = exited.then((): never => {
    throw new Error(`the writer ended on its own:\n${stderr}`);
  });
  died.catch(() => undefined);
  await Promise.race([started, died]);
  // The writer goes on to the next version by itself, so a write under way is always seen sooner or later.
  while (!(await Promise.race([writing(folder, old), died]))) await new Promise((ok) => setTimeout(ok, 1));
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', stderr);
  await closed;
  return { written, begun };
}

const SIZE = 20 * MB;

describe('trust: a process killed with SIGKILL while writing an attachment', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  after(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('leaves the file whole or absent, never cut short, and the folder works for the next process', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mesicic-attach-kill-'));
    dirs.push(dataDir);
    const key = 'msteams-29:abc/d1/report.pdf';
    const folder = join(dataDir, 'attachments', 'msteams-29%3Aabc', 'd1');
    const path = join(folder, 'report%2Epdf.bin');
    /** The version stored, checked whole: every byte its number, nothing missing. */
    const stored = async (): Promise<number | undefined> => {
      const got = await new FolderAttachments(dataDir).get(key);
      if (got === undefined) return undefined;
      assert.equal(got.length, SIZE, 'a file cut short');
      const version = got[0]!;
      assert.ok(Buffer.from(got).equals(Buffer.alloc(SIZE, version)), 'bytes of two versions mixed');
      return version;
    };

    // Killed during its very first version (or a later one, if the first was quicker than the watch).
    let { written, begun } = await killWhileWriting(dataDir, key, folder, 1, false);
    let version = await stored();
    // Absent only if no version was done yet; otherwise the last one done, or the one under way.
    assert.ok(
      version === undefined ? written === 0 : version === written || version === begun,
      `version ${version}, written ${written}, begun ${begun}`,
    );

    // Killed while replacing a whole version: the old one whole, or the new one whole.
    for (let round = 1; round <= 3; round++) {
      ({ written, begun } = await killWhileWriting(dataDir, key, folder, round * 10, true));
      assert.equal((await stat(path)).size, SIZE, 'a file cut short under the final name');
      version = await stored();
      assert.ok(version === written || version === begun, `version ${version}, written ${written}, begun ${begun}`);
    }
    const leftovers = temporary(await filesUnder(dataDir));
    console.log(`      4 writers killed mid-write, ${leftovers.length} temporary files left behind`);

    // A new process's store: reads, writes, and once they are old enough takes away the killed writers' leftovers.
    const files = new FolderAttachments(dataDir);
    const bytes = randomBytes(SIZE);
    await files.put(key, bytes);
    same(await files.get(key), bytes);
    const long = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const n of leftovers) await utimes(join(dataDir, n), long, long);
    assert.equal(await files.sweep(), leftovers.length);
    assert.deepEqual(await filesUnder(dataDir), ['attachments/msteams-29%3Aabc/d1/report%2Epdf.bin']);
    same(await files.get(key), bytes);
  });
});
