// Browser worker entry: the worker's `name` selects the handler from webHandlers.
import { expose } from 'comlink';
import { loadWebHandler } from '../src/parallel/webHandlers.js';
import { createWorkerApi } from '../src/parallel/workerApi.js';

expose(createWorkerApi(() => loadWebHandler(self.name)));
