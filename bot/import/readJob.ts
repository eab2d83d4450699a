import { parentPort, workerData } from 'node:worker_threads';
import { docxToBlocks } from './docxBlocks.js';
import type { WorkerAnswer } from './inWorker.js';
import { DocumentRefused } from './refused.js';

// Runs in a worker thread (inWorker.ts): reads the document it was given and hands back the blocks or a refusal.
const bytes = workerData as Uint8Array;
let answer: WorkerAnswer;
try {
  answer = { ok: true, blocks: await docxToBlocks(bytes) };
} catch (err) {
  answer =
    err instanceof DocumentRefused
      ? { ok: false, reason: err.reason, detail: err.detail }
      : {
          ok: false,
          reason: 'unreadable',
          detail: { cause: String(err instanceof Error ? err.message : err).slice(0, 200) },
        };
}
parentPort!.postMessage(answer);
