// Entry of the worker thread that compiles a semester (see offThread.ts). A worker does not inherit tsx's
// loader from the main thread on Node 20, so this plain-JS entry registers it, then loads the TypeScript job.
import { register } from 'tsx/esm/api';

register();
await import('./compileJob.ts');
