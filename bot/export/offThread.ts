import { Worker } from 'node:worker_threads';
import type { Classified, Semester } from '../../dialogs/core/classify.js';
import type { Locale } from '../../dialogs/core/normalize.js';

export interface CompileJob {
  records: readonly Classified[];
  semester: Semester;
  locale: Locale;
}

/**
 * The worker's entry. A worker does not inherit tsx's loader from the main thread (Node 20): from the source tree
 * (tsx, tests) it starts in compileWorker.mjs, which registers tsx and loads compileJob.ts; the compiled build
 * (`npm start`, dist/) loads the compiled job directly, without tsx.
 */
const WORKER_ENTRY = new URL(
  new URL(import.meta.url).pathname.endsWith('.ts') ? './compileWorker.mjs' : './compileJob.js',
  import.meta.url,
);

/** Bounds on one compilation: a semester that cannot be built within them is refused, not waited for. */
export interface CompileLimits {
  /** The worker is stopped after this long (500 practices take a few seconds). */
  timeoutMs?: number;
  /** Its heap (500 practices peak at a few hundred MB). */
  maxHeapMb?: number;
}

/**
 * A semester's compiled Word file, built in a worker thread. Building and zipping a few hundred practices takes
 * over a second of pure CPU (docx has no way to yield): on the bot's own thread every official's turn would
 * wait for a reviewer's download. The worker costs its start-up (loading docx), which only the download feels.
 */
export function compileOffThread(
  records: readonly Classified[],
  semester: Semester,
  locale: Locale,
  { timeoutMs = 180_000, maxHeapMb = 2048 }: CompileLimits = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const job: CompileJob = { records, semester, locale };
    const worker = new Worker(WORKER_ENTRY, { workerData: job, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb } });
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`the compilation took longer than ${timeoutMs} ms and was stopped`)));
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (bytes: Uint8Array) =>
      finish(() => resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the compilation worker stopped (exit code ${code}) without a file`))),
    );
  });
}
