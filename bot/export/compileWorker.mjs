// Entry of the worker thread that compiles a semester when the bot runs from the source tree under tsx (see
// offThread.ts; the compiled build starts its worker in compileJob.js directly and never loads this file). A worker
// does not inherit tsx's loader from the main thread on Node 20, so this plain-JS entry registers it, then loads
// the TypeScript job.
import { register } from 'tsx/esm/api';

register();
await import('./compileJob.ts');
