import type { JobHandler } from './types.js';

/**
 * Handlers the browser worker can load, by worker `name`. Each entry is a
 * dynamic import with a literal path so that Vite splits it into its own chunk
 * and a page only downloads the handler it uses.
 */
export const webHandlers: Record<string, () => Promise<Partial<JobHandler>>> = {
  simulation: () => import('./simulationHandler.js'),
};

export function loadWebHandler(name: string): Promise<Partial<JobHandler>> {
  const load = webHandlers[name];
  if (!load) {
    const known = Object.keys(webHandlers).join(', ') || 'none';
    return Promise.reject(new Error(`no web handler named '${name}' (known: ${known})`));
  }
  return load();
}
