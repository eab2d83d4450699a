// Entry of the worker thread that reads a document when the bot runs from the source tree under tsx (see
// inWorker.ts; the compiled build starts its worker in readJob.js directly and never loads this file). A worker
// does not inherit tsx's loader from the main thread on Node 20, so this plain-JS entry registers it, then loads
// the TypeScript job.
import { register } from 'tsx/esm/api';

register();
await import('./readJob.ts');
