/**
 * Summarises a V8 CPU profile written by `npm run bench -- --profile DIR`: self time by package (or by our own
 * folder), and the functions with the most self time. Usage: tsx test/bench/profile.ts FILE|DIR [--top 30]
 * Given a folder, it reads the largest profile there: the main thread's (tsx's loader thread writes a small one).
 * `--callers NAME` also prints, for the functions of that name, the call paths (six frames up) that spend their time.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), our own top folder, node's internals, or V8's pseudo-frames. */
function owner(url: string, fn: string): string {
  if (!url) return `(${fn || 'anonymous'})`;
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const own = /\/(bot|dialogs|storage|test)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]!.split('/').slice(0, -1).join('/') || '.'}`;
  return url;
}

function pct(part: number, total: number): string {
  return ((100 * part) / total).toFixed(1).padStart(5) + '%';
}

async function largestProfile(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
  const sizes = await Promise.all(files.map(async (f) => ({ f, size: (await stat(f)).size })));
  const largest = sizes.sort((a, b) => b.size - a.size)[0];
  if (!largest) throw new Error(`no .cpuprofile in ${dir}`);
  return largest.f;
}

async function run(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '30' }, callers: { type: 'string' } },
  });
  const given = positionals[0];
  if (!given) {
    console.error('usage: tsx test/bench/profile.ts FILE.cpuprofile|DIR [--top 30]');
    process.exit(2);
  }
  const file = (await stat(given)).isDirectory() ? await largestProfile(given) : given;
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const idle = [...self]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((s, [, t]) => s + t, 0);
  const busy = total - idle;

  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const pkg = owner(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + t);
    const key = `${functionName || '(anonymous)'}  ${pkg}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + t);
  }
  const top = Number(values.top);
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy\n`);
  console.log('self time by package or folder (share of busy time)');
  for (const [k, t] of [...packages].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t, busy)}  ${k}`);
  console.log('\nfunctions with the most self time');
  for (const [k, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t, busy)}  ${k}`);
  if (values.callers) printCallers(profile, byId, self, values.callers, busy, top);
}

function printCallers(
  profile: CpuProfile,
  byId: Map<number, ProfileNode>,
  self: Map<number, number>,
  name: string,
  busy: number,
  top: number,
): void {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Time under each matching node (its own and its callees'), charged to the path above it.
  const under = new Map<number, number>();
  for (const [id, t] of self) {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      under.set(at, (under.get(at) ?? 0) + t);
  }
  const paths = new Map<string, number>();
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== name) continue;
    // Recursive matches would count twice: only the outermost one of a chain.
    let outer = true;
    for (let at = parent.get(n.id); at !== undefined; at = parent.get(at))
      if (byId.get(at)!.callFrame.functionName === name) outer = false;
    if (!outer) continue;
    const frames: string[] = [];
    for (let at = parent.get(n.id); at !== undefined && frames.length < 6; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      frames.push(`${f.functionName || '(anonymous)'}@${owner(f.url, f.functionName)}`);
    }
    const key = frames.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + (under.get(n.id) ?? 0));
  }
  console.log(`\ncallers of ${name} (time in it and below it)`);
  for (const [k, t] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(t, busy)}  ${k}`);
}

await run();
