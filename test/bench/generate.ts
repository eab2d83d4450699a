/**
 * Fills a data folder with what years of use leave behind: stored practices, open drafts at every step of the
 * form, their owners' profiles and the reference counters, in the lowdb store's on-disk format (one JSON file
 * per document, `{ "etag": ..., "value": ... }`, pretty-printed as lowdb's JSONFile writes it, at the path
 * LowdbFileStore derives from the key). The documents themselves come from walking the two real seed
 * submissions through the real form engine, so their shape is the bot's own.
 *
 *   tsx test/bench/generate.ts --dir /tmp/grown [--practices 100000] [--drafts 10000] [--concurrency 64]
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createCatalog } from '../../bot/i18n.js';
import type { Draft } from '../../dialogs/core/draft.js';
import { FormEngine } from '../../dialogs/core/engine.js';
import { formatReference, type PracticeRecord } from '../../dialogs/core/practice.js';
import { SubmissionService } from '../../dialogs/core/submission.js';
import { LowdbFileStore } from '../../storage/lowdb/fileStore.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import { CounterRepository } from '../../storage/repositories/counters.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { ProfileRepository, type Profile } from '../../storage/repositories/profiles.js';
import { mexico, panama } from '../fixtures/seeds.js';

export interface GenerateOptions {
  dir: string;
  practices: number;
  drafts: number;
  /** Files written at once. */
  concurrency?: number;
  /** Open drafts per official; officials are named officialId(0), officialId(1), ... */
  draftsPerOfficial?: number;
  /** Practices are spread evenly over this many years, ending with the current one. */
  years?: number;
  now?: Date;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  phase: 'practices' | 'drafts' | 'profiles' | 'counters';
  done: number;
  total: number;
  /** Since the phase began. */
  elapsedMs: number;
}

export interface GenerateSummary {
  dir: string;
  practices: number;
  drafts: number;
  profiles: number;
  counters: Record<string, number>;
  files: number;
  bytes: number;
  ms: number;
  /** A few keys to read back. */
  samples: { references: string[]; drafts: Array<{ owner: string; id: string }>; officials: string[] };
}

export const DEFAULT_PRACTICES = 100_000;
export const DEFAULT_DRAFTS = 10_000;

/** The AAD object id of generated official n; the load uses the same names so its officials have a history. */
export const officialId = (n: number) => `aad-official-${n}`;

// ---- the store's on-disk format ---------------------------------------------------------------------

/** The path LowdbFileStore gives a key (same encoding; read-back through the store checks that they agree). */
export function pathOfKey(root: string, key: string): string {
  const encode = (segment: string) =>
    encodeURIComponent(segment)
      .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/^\./, '%2E');
  return join(root, ...key.split('/').map(encode)) + '.json';
}

let etagSeq = 0;
/** lowdb's JSONFile writes JSON.stringify(data, null, 2); the store wraps each value in an envelope. */
export function envelope(value: unknown): string {
  return JSON.stringify({ etag: `${Date.now().toString(36)}.g${(++etagSeq).toString(36)}`, value }, null, 2);
}

// ---- templates from the real engine -----------------------------------------------------------------

interface Templates {
  records: PracticeRecord[];
  /** The draft after every turn of a walk, from "new" to the review: open drafts at every step. */
  openDrafts: Draft[];
}

/** A document as the store keeps it: repositories may hand out copies with their storage version (`_etag`), never stored. */
function stored<T extends object>(doc: T): T {
  const copy: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  delete copy._etag;
  return copy as T;
}

async function templates(): Promise<Templates> {
  const store = new MemoryStore();
  const drafts = new DraftRepository(store);
  const profiles = new ProfileRepository(store);
  const practices = new PracticeRepository(store);
  const submissions = new SubmissionService({
    drafts,
    practices,
    counters: new CounterRepository(store),
    outbox: new OutboxRepository(store),
  });
  let n = 0;
  const engine = new FormEngine({
    drafts,
    profiles,
    submissions,
    catalog: await createCatalog(),
    newId: () => `template-${++n}`,
  });

  const records: PracticeRecord[] = [];
  const openDrafts: Draft[] = [];
  for (const [i, seed] of [panama(), mexico()].entries()) {
    const official = { id: `template-official-${i}`, name: 'Funcionaria', tenantId: 'tenant-1' };
    for (const text of ['nuevo', ...seed.inputs, 'enviar']) {
      const replies = await engine.turn({ official, text, locale: 'es-419' });
      if (replies.some((r) => /inténtelo de nuevo/i.test(r.text)))
        throw new Error(`The ${seed.name} seed was refused at ${JSON.stringify(text.slice(0, 40))}`);
      const active = (await profiles.get(official.id)).activeDraftId;
      const draft = active ? await drafts.get(official.id, active) : undefined;
      if (draft?.status === 'draft') openDrafts.push(stored(draft));
    }
  }
  for (const reference of await store.list('practices')) records.push(stored((await practices.get(reference))!));
  if (records.length !== 2 || openDrafts.length < 10)
    throw new Error(`Unexpected templates: ${records.length} records, ${openDrafts.length} drafts`);
  return { records, openDrafts };
}

// ---- writing ----------------------------------------------------------------------------------------

const uuid = (space: number, n: number) =>
  `${space.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function pool(
  total: number,
  concurrency: number,
  job: (i: number) => Promise<void>,
  tick: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      await job(i);
      tick(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, worker));
}

export async function generate(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const dir = resolve(options.dir);
  const concurrency = options.concurrency ?? 64;
  const perOfficial = options.draftsPerOfficial ?? 4;
  const yearsSpan = options.years ?? 10;
  const now = options.now ?? new Date();
  const thisYear = now.getUTCFullYear();
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`${dir} is not empty; generate into an empty or new folder`);

  const t = await templates();
  let files = 0;
  let bytes = 0;
  const put = async (key: string, value: unknown) => {
    const text = envelope(value);
    await writeFile(pathOfKey(dir, key), text, 'utf8');
    files++;
    bytes += Buffer.byteLength(text);
  };
  const report = (phase: Progress['phase'], total: number) => {
    const phaseStart = performance.now();
    let last = phaseStart;
    return (done: number) => {
      const now = performance.now();
      if (done === total || now - last >= 2000) {
        last = now;
        options.onProgress?.({ phase, done, total, elapsedMs: now - phaseStart });
      }
    };
  };

  // Practices: spread evenly over the years, numbered from 1 in each year as the counters do.
  const perYear = Math.max(1, Math.ceil(options.practices / yearsSpan));
  const firstYear = thisYear - Math.ceil(options.practices / perYear) + 1;
  const counters: Record<string, number> = {};
  const practiceAt = (i: number) => {
    const year = firstYear + Math.floor(i / perYear);
    const n = (i % perYear) + 1;
    return { year, n, reference: formatReference('practice', year, n) };
  };
  for (let i = 0; i < options.practices; i++) {
    const { year, n } = practiceAt(i);
    counters[`practice-${year}`] = n;
  }
  await mkdir(join(dir, 'practices'), { recursive: true });
  await pool(
    options.practices,
    concurrency,
    async (i) => {
      const { year, reference } = practiceAt(i);
      const template = t.records[i % t.records.length]!;
      const owner = officialId(i % 5000);
      // Dates inside the practice's year, never in the future.
      const at = new Date(
        Math.min(Date.UTC(year, 0, 1) + (i % perYear) * ((365 * 86_400_000) / perYear), now.getTime() - 1000),
      ).toISOString();
      const record: PracticeRecord = {
        ...template,
        reference,
        draftId: uuid(1, i),
        submittedAt: at,
        submittedBy: { ...template.submittedBy, id: owner },
        history: [{ status: 'submitted', at, by: owner }],
      };
      await put(`practices/${reference}`, record);
    },
    report('practices', options.practices),
  );

  // Open drafts: a few per official, at every step of the form, the last one active in the profile.
  const officials = Math.ceil(options.drafts / perOfficial);
  const draftAt = (d: number) => ({ owner: officialId(d % officials), id: uuid(2, d) });
  const active = new Map<string, string>();
  for (let d = 0; d < options.drafts; d++) {
    const { owner, id } = draftAt(d);
    active.set(owner, id);
  }
  await pool(
    officials,
    concurrency,
    async (j) => {
      await mkdir(dirname(pathOfKey(dir, `drafts/${officialId(j)}/x`)), { recursive: true });
    },
    () => undefined,
  );
  await pool(
    options.drafts,
    concurrency,
    async (d) => {
      const { owner, id } = draftAt(d);
      const template = t.openDrafts[d % t.openDrafts.length]!;
      const at = new Date(now.getTime() - (d + 1) * 60_000).toISOString();
      const draft: Draft = { ...template, id, owner: { ...template.owner, id: owner }, createdAt: at, updatedAt: at };
      await put(`drafts/${owner}/${id}`, draft);
    },
    report('drafts', options.drafts),
  );

  await mkdir(join(dir, 'profiles'), { recursive: true });
  const owners = [...active.entries()];
  await pool(
    owners.length,
    concurrency,
    async (k) => {
      const [id, activeDraftId] = owners[k]!;
      const profile: Profile = { id, activeDraftId };
      await put(`profiles/${id}`, profile);
    },
    report('profiles', owners.length),
  );

  await mkdir(join(dir, 'counters'), { recursive: true });
  const counterNames = Object.keys(counters);
  await pool(
    counterNames.length,
    concurrency,
    (k) => put(`counters/${counterNames[k]!}`, counters[counterNames[k]!]),
    report('counters', counterNames.length),
  );

  const spread = (total: number) =>
    [0, Math.floor(total / 2), total - 1].filter((i, k, a) => i >= 0 && i < total && a.indexOf(i) === k);
  const picks = spread(options.practices);
  const draftPicks = spread(options.drafts);
  return {
    dir,
    practices: options.practices,
    drafts: options.drafts,
    profiles: owners.length,
    counters,
    files,
    bytes,
    ms: performance.now() - started,
    samples: {
      references: picks.map((i) => practiceAt(i).reference),
      drafts: draftPicks.map(draftAt),
      officials: draftPicks.map((d) => draftAt(d).owner),
    },
  };
}

/**
 * Reads the folder back through LowdbFileStore and the repositories, as the bot will: the sampled practices,
 * drafts and profiles parse and match, the listings count what was written, the counters are where new
 * references must start. Throws on the first disagreement; returns what it checked.
 */
export async function verify(summary: GenerateSummary): Promise<string> {
  const store = LowdbFileStore.reader(summary.dir);
  const practices = new PracticeRepository(store);
  const drafts = new DraftRepository(store);
  const profiles = new ProfileRepository(store);
  const problems: string[] = [];
  for (const reference of summary.samples.references) {
    const record = await practices.get(reference);
    if (record?.reference !== reference || !record.answers['title.title'])
      problems.push(`practice ${reference} does not read back`);
  }
  for (const { owner, id } of summary.samples.drafts) {
    const draft = await drafts.get(owner, id);
    if (draft?.id !== id || draft.owner.id !== owner || draft.status !== 'draft')
      problems.push(`draft ${owner}/${id} does not read back`);
  }
  for (const owner of summary.samples.officials) {
    const profile = await profiles.get(owner);
    const own = await drafts.listByOwner(owner);
    if (!profile.activeDraftId || !own.some((d) => d.id === profile.activeDraftId))
      problems.push(`profile ${owner} does not point at one of its ${own.length} drafts`);
  }
  // The raw files: exactly the envelope, no storage-only fields inside the value.
  const rawKeys = [
    ...summary.samples.references.map((r) => `practices/${r}`),
    ...summary.samples.drafts.map((d) => `drafts/${d.owner}/${d.id}`),
  ];
  for (const key of rawKeys) {
    const raw = JSON.parse(await readFile(pathOfKey(summary.dir, key), 'utf8')) as Record<string, unknown>;
    const value = raw.value as Record<string, unknown> | undefined;
    if (Object.keys(raw).sort().join() !== 'etag,value' || !value || '_etag' in value)
      problems.push(`${key} is not a plain { etag, value } envelope`);
  }
  const listed = (await store.list('practices')).length;
  if (listed !== summary.practices) problems.push(`the store lists ${listed} practices, not ${summary.practices}`);
  for (const [name, value] of Object.entries(summary.counters)) {
    const stored = await store.read<number>(`counters/${name}`);
    if (stored?.value !== value) problems.push(`counter ${name} reads ${stored?.value}, not ${value}`);
  }
  if (problems.length) throw new Error(`The generated folder does not read back:\n  ${problems.join('\n  ')}`);
  return `${summary.samples.references.length} practices, ${summary.samples.drafts.length} drafts, ${summary.samples.officials.length} profiles read back; ${listed} practices listed; ${Object.keys(summary.counters).length} counters`;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function printProgress(p: Progress): void {
  const rate = p.done / Math.max(p.elapsedMs / 1000, 0.001);
  console.log(
    `  ${p.phase.padEnd(9)} ${p.done.toLocaleString('en-US').padStart(7)}/${p.total.toLocaleString('en-US')}  (${(p.elapsedMs / 1000).toFixed(1)} s, ${Math.round(rate).toLocaleString('en-US')} docs/s)`,
  );
}

// Run as a program.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      practices: { type: 'string', default: String(DEFAULT_PRACTICES) },
      drafts: { type: 'string', default: String(DEFAULT_DRAFTS) },
      concurrency: { type: 'string', default: '64' },
    },
  });
  if (!values.dir) {
    console.error(
      'usage: tsx test/bench/generate.ts --dir <empty folder> [--practices N] [--drafts N] [--concurrency N]',
    );
    process.exit(2);
  }
  const summary = await generate({
    dir: values.dir,
    practices: Number(values.practices),
    drafts: Number(values.drafts),
    concurrency: Number(values.concurrency),
    onProgress: printProgress,
  });
  console.log(
    `wrote ${summary.files.toLocaleString('en-US')} files (${mb(summary.bytes)}) in ${(summary.ms / 1000).toFixed(1)} s into ${summary.dir}`,
  );
  console.log(`verified: ${await verify(summary)}`);
}
