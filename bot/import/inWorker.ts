import { Worker } from 'node:worker_threads';
import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import { DocumentRefused, type RefusalReason } from './refused.js';

export interface WorkerLimits {
  /** Wall time from the worker's start, loading included; then it is terminated. */
  timeMs: number;
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

/**
 * A filled-in template reads in about a second (mostly the worker's start); 15 s is for a slow, shared machine.
 * mammoth needs about 10 KB of heap per formatted paragraph (measured: 5,000 fit in 64 MB, 20,000 do not fit in
 * 192 MB), so 192 MB reads a template of a few hundred pages. Beware: a `--max-old-space-size` given to the bot's
 * process (flag or NODE_OPTIONS) is a process-wide V8 flag and overrides these heap limits (nodejs/node#43991).
 */
export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  timeMs: 15_000,
  maxOldGenerationSizeMb: 192,
  maxYoungGenerationSizeMb: 32,
};

/** What the worker (readJob.ts) posts back. */
export type WorkerAnswer =
  { ok: true; blocks: SourceBlock[] } | { ok: false; reason: RefusalReason; detail?: Record<string, string | number> };

/**
 * The worker's entry. A worker does not inherit tsx's loader from the main thread (Node 20): from the source tree
 * (tsx, tests) it starts in readWorker.mjs, which registers tsx and loads readJob.ts; the compiled build
 * (`npm start`, dist/) loads the compiled job directly, without tsx.
 */
const WORKER_ENTRY = new URL(
  new URL(import.meta.url).pathname.endsWith('.ts') ? './readWorker.mjs' : './readJob.js',
  import.meta.url,
);

/**
 * Reads a checked .docx in a worker thread with its own heap limit and a time limit, so a document that is slow or
 * huge to parse costs that worker, never the officials' turns on the bot's thread. Refuses with the worker's own
 * reason, `timeout` when it is stopped, `unreadable` when it runs out of memory or dies. Node stopped every worker
 * out of heap cleanly in the tests, but does not promise to: one allocation far past the limit can abort the whole
 * process (nodejs/node#47224), which is why checkZip caps each entry's size before a worker sees it.
 */
export function readInWorker(bytes: Uint8Array, limits: WorkerLimits = DEFAULT_WORKER_LIMITS): Promise<SourceBlock[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: bytes,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb,
        maxYoungGenerationSizeMb: limits.maxYoungGenerationSizeMb,
      },
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      // Nothing more is wanted from it; terminating a worker that has already exited is harmless.
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new DocumentRefused('timeout', { ms: limits.timeMs }))),
      limits.timeMs,
    );
    worker.once('message', (answer: WorkerAnswer) =>
      settle(() => (answer.ok ? resolve(answer.blocks) : reject(new DocumentRefused(answer.reason, answer.detail)))),
    );
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DocumentRefused('unreadable', { cause: 'memory' })
            : new DocumentRefused('unreadable', { cause: 'crash', message: err.message.slice(0, 200) }),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new DocumentRefused('unreadable', { cause: 'exit', code }))));
  });
}
