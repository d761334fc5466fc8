// Node worker entry: exposes the handler module named in workerData.
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerApi } from '../src/parallel/workerApi.js';

const { handler } = workerData as { handler: string };
if (!parentPort) throw new Error('workers/worker.ts must run in a worker thread');

expose(createWorkerApi(() => import(handler)), nodeEndpoint(parentPort));
