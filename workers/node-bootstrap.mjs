// Plain JS on purpose: Node 20 cannot start a Worker on a .ts file, so this
// registers tsx in the worker thread, then loads the TypeScript entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
