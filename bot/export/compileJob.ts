import { parentPort, workerData } from 'node:worker_threads';
import { createCatalog } from '../i18n.js';
import type { CompileJob } from './offThread.js';
import { compilationDocx } from './word.js';

// Runs in a worker thread: builds the compiled Word file and hands the bytes back.
const job = workerData as CompileJob;
const tx = (await createCatalog()).texts(job.locale);
const docx = await compilationDocx(job.records, job.semester, tx);
parentPort!.postMessage(docx, [docx.buffer as ArrayBuffer]);
