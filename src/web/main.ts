/**
 * The teaching page: set-up in the controls and the URL, runs in Web
 * Workers, results drawn as inline SVG. The main thread only validates
 * scenarios and draws; every simulation happens in a worker.
 */
import { ScenarioValidationError } from '../scenario/errors.js';
import { resolveScenario } from '../scenario/resolve.js';
import type { ResolvedScenario } from '../scenario/types.js';
import { defaultContext } from '../simulation/defaultContext.js';
import { latticeScenario, setupAbmView } from './abmView.js';
import { blissOf, type RunResult, type RunSet } from './analysis.js';
import { buildRegimenTable, syncRegimens } from './controls.js';
import { byId, debounce, el, setOptions, setValue } from './dom.js';
import { PANELS, panelMarkup } from './panels.js';
import { createRunner, latestOnly, lruCache } from './runner.js';
import { importScenario } from './scenarioImport.js';
import {
  COMBINATIONS,
  defaultSetup,
  describeCombination,
  readAtDay,
  scenarioFor,
  setupProblems,
  sharedDrugs,
  updateSetting,
  type ArmId,
  type Combination,
  type Setup,
} from './setup.js';
import { ANTIGEN_LOSS_NOTE } from './therapyClasses.js';
import { decodeSetup, encodeSetup } from './urlState.js';
import { RUN_STYLE, announcement, blissBox, summaryTable, tumorChart, tumorLegend } from './views.js';

/** Long enough to merge a burst of keystrokes, short enough to feel immediate. */
const DEBOUNCE_MS = 40;
const DEFAULT_PATIENT_TEXT =
  'Model defaults: a moderately inflamed 2 cm melanoma metastasis whose growth slows as it outgrows its vasculature.';

const ctx = defaultContext();
const archetypes = [...ctx.archetypes.values()];

const decoded = decodeSetup(location.search, archetypes.map((a) => a.name));
let setup: Setup = decoded.setup;
let runs: RunSet | undefined;
let lastChange = 0;
/** Counts changes that need new runs; a finished batch from an older generation is not drawn. */
let generation = 0;

const runner = createRunner(
  () => new Worker(new URL('../../workers/web-worker.ts', import.meta.url), { type: 'module', name: 'simulation' }),
  Math.min(4, Math.max(2, navigator.hardwareConcurrency || 2)),
);

// ── messages ──

function showMessages(lines: readonly string[], kind: 'error' | 'info' = 'error'): void {
  const box = byId('messages');
  box.className = `messages ${kind}`;
  box.replaceChildren(...lines.map((line) => el('p', {}, line)));
}

/** Clears problems once they are fixed, but keeps notes such as what a loaded file changed. */
function clearErrors(): void {
  if (byId('messages').classList.contains('error')) showMessages([], 'info');
}

function setStatus(text: string, state: 'computing' | 'ready' | 'error'): void {
  byId('status').textContent = text;
  document.body.dataset.status = state;
}

// ── set-up ──

function syncPatient(): void {
  setValue(byId<HTMLSelectElement>('patient'), setup.archetype || 'default');
  setValue(byId<HTMLInputElement>('weight'), String(setup.bodyWeight_kg));
  setValue(byId<HTMLInputElement>('weeks'), String(setup.duration_weeks));
  setValue(byId<HTMLInputElement>('read-at'), setup.readAt_weeks > 0 ? String(setup.readAt_weeks) : '');
  const archetype = ctx.archetypes.get(setup.archetype);
  byId('patient-description').textContent = archetype ? archetype.description : DEFAULT_PATIENT_TEXT;
  const overrides = byId('overrides');
  const entries = Object.entries(setup.parameters);
  overrides.hidden = entries.length === 0;
  overrides.replaceChildren(
    el('span', {}, `Also changed from the loaded file: ${entries.map(([k, v]) => `${k} = ${v}`).join(', ')} `),
    el('button', { type: 'button', class: 'small', id: 'clear-overrides' }, 'Remove'),
  );
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="view"]')) radio.checked = radio.value === setup.view;
}

function syncAll(): void {
  syncPatient();
  syncRegimens(setup);
}

/** Every change goes through here: controls, URL and results stay in step. */
function change(next: Setup, recompute = true): void {
  setup = next;
  syncAll();
  history.replaceState(null, '', `?${encodeSetup(setup)}`);
  if (!recompute) return;
  abmView?.setupChanged();
  lastChange = performance.now();
  generation += 1;
  document.body.dataset.status = 'computing';
  scheduleCompute();
}

// ── computing ──

// Validation parses every quantity with mathjs; most changes leave two or three of the four runs as they were.
const resolvedCache = lruCache<ResolvedScenario>(32);

function resolveAll(s: Setup): ResolvedScenario[] {
  return COMBINATIONS.map((c) => {
    const raw = scenarioFor(s, c);
    const key = JSON.stringify(raw);
    let resolved = resolvedCache.get(key);
    if (resolved === undefined) {
      resolved = resolveScenario(raw, ctx).scenario;
      resolvedCache.set(key, resolved);
    }
    return resolved;
  });
}

const compute = latestOnly(async ({ s, wanted }: { s: Setup; wanted: number }) => {
  const problems = setupProblems(s);
  if (problems.length > 0) {
    showMessages(problems);
    setStatus('New results wait for a valid set-up: see the message under the regimens.', 'error');
    return;
  }
  let resolved: ResolvedScenario[];
  const resolveStart = performance.now();
  try {
    resolved = resolveAll(s);
  } catch (error) {
    if (!(error instanceof ScenarioValidationError)) throw error;
    showMessages(error.issues.map((issue) => `${issue.path}: ${issue.message}`));
    setStatus('The set-up is not a valid scenario.', 'error');
    return;
  }
  const resolve_ms = performance.now() - resolveStart;
  setStatus('Computing…', 'computing');
  try {
    const { results, stats } = await runner.run(resolved);
    if (wanted !== generation) return; // a newer change is already queued
    runs = Object.fromEntries(COMBINATIONS.map((c, i) => [c, results[i]])) as Record<Combination, RunResult>;
    clearErrors();
    const renderStart = performance.now();
    render();
    const render_ms = performance.now() - renderStart;
    requestAnimationFrame(() => {
      const latency = performance.now() - lastChange;
      // Read by the browser test and handy in devtools: where an update's time went.
      Object.assign(document.body.dataset, {
        updateMs: latency.toFixed(0),
        computeMs: stats.compute_ms.toFixed(0),
        resolveMs: resolve_ms.toFixed(1),
        renderMs: render_ms.toFixed(1),
      });
      const where = results.every((r) => r.computedIn === 'worker') ? 'in Web Workers' : 'on the main thread';
      const work =
        stats.simulated > 0
          ? `${stats.simulated} run${stats.simulated > 1 ? 's' : ''} ${where} took ${stats.compute_ms.toFixed(0)} ms`
          : 'all runs from the cache';
      const cached = stats.cached > 0 && stats.simulated > 0 ? `, ${stats.cached} cached` : '';
      setStatus(`Redrawn ${latency.toFixed(0)} ms after the last change · ${work}${cached}`, 'ready');
    });
  } catch (error) {
    showMessages([(error as Error).message]);
    setStatus('A simulation failed.', 'error');
  }
});

const scheduleCompute = debounce(() => compute({ s: setup, wanted: generation }), DEBOUNCE_MS);

// ── drawing ──

function renderPanels(): void {
  if (!runs) return;
  const run = runs[setup.view];
  const label = setup.view === 'untreated' ? 'untreated' : `regimen ${RUN_STYLE[setup.view].label}: ${describeCombination(setup, setup.view)}`;
  byId('panels').innerHTML = PANELS.map((panel) => panelMarkup(panel, run, label, 300)).join('');
}

function render(): void {
  if (!runs) return;
  const readAt = Math.min(readAtDay(setup), runs.untreated.t_day[runs.untreated.t_day.length - 1]);
  const bliss = blissOf(runs, readAt);
  byId('tumor-chart-box').innerHTML = tumorChart(setup, runs, readAt, 760);
  byId('summary').innerHTML = summaryTable(setup, runs, bliss);
  byId('bliss').innerHTML = blissBox(bliss);
  const shared = sharedDrugs(setup);
  const note = byId('shared-note');
  note.hidden = shared.length === 0;
  note.textContent = `A and B both give ${shared.join(' and ')}: A+B gives both schedules, so the dose adds up.`;
  byId('live').textContent = announcement(runs, bliss);
  renderPanels();
}

// ── files and links ──

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function save(which: Combination): void {
  const scenario = scenarioFor(setup, which);
  download(`${scenario.name}.json`, `${JSON.stringify(scenario, null, 2)}\n`);
}

let openInto: ArmId = 'A';

async function openFile(file: File): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(await file.text());
  } catch (error) {
    showMessages([`${file.name}: not valid JSON (${(error as Error).message})`]);
    return;
  }
  try {
    const { scenario } = resolveScenario(raw, ctx, file.name);
    const { setup: next, notes } = importScenario(setup, openInto, raw, scenario);
    change(next);
    showMessages([`Loaded ${file.name} into regimen ${openInto}.`, ...notes], 'info');
  } catch (error) {
    if (!(error instanceof ScenarioValidationError)) throw error;
    showMessages(error.issues.map((issue) => `${issue.file}: ${issue.path}: ${issue.message}`));
  }
}

async function copyLink(): Promise<void> {
  const button = byId<HTMLButtonElement>('copy-link');
  try {
    await navigator.clipboard.writeText(location.href);
    button.textContent = 'Link copied';
  } catch {
    button.textContent = 'Copy the address bar';
  }
  setTimeout(() => (button.textContent = 'Copy link to this set-up'), 2000);
}

// ── agent-based view ──

let abmView: { setupChanged(): void } | undefined;

function wireAbmView(): void {
  abmView = setupAbmView({
    scenario: () => {
      const problems = setupProblems(setup);
      if (problems.length > 0) throw new Error(problems.join(' '));
      try {
        return resolveScenario(latticeScenario(scenarioFor(setup, 'A'), setup.duration_weeks), ctx).scenario;
      } catch (error) {
        if (!(error instanceof ScenarioValidationError)) throw error;
        throw new Error(error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
      }
    },
    run: async (scenario) => {
      const { results, stats } = await runner.run([scenario as ResolvedScenario]);
      return { result: results[0], simulated: stats.simulated > 0 };
    },
    describe: () =>
      `Regimen A (${describeCombination(setup, 'A')}) in ${setup.archetype ? `the ${setup.archetype} archetype` : 'the default patient'}`,
  });
}

// ── wiring ──

function wire(): void {
  setOptions(byId<HTMLSelectElement>('patient'), [
    ...archetypes.map((a) => ({ value: a.name, label: a.title })),
    { value: 'default', label: 'Default patient (model defaults)' },
  ]);
  byId('antigen-loss-note').textContent = ANTIGEN_LOSS_NOTE;
  byId('tumor-legend').innerHTML = tumorLegend();
  buildRegimenTable(byId<HTMLTableElement>('regimen-table'), (arm, classId, patch) =>
    change(updateSetting(setup, arm, classId, patch)),
  );
  byId<HTMLSelectElement>('patient').addEventListener('change', (e) => {
    const value = (e.target as HTMLSelectElement).value;
    change({ ...setup, archetype: value === 'default' ? '' : value });
  });
  const numberField = (id: string, key: 'bodyWeight_kg' | 'duration_weeks' | 'readAt_weeks', empty: number) =>
    byId<HTMLInputElement>(id).addEventListener('input', (e) => {
      const text = (e.target as HTMLInputElement).value.trim();
      change({ ...setup, [key]: text === '' ? empty : Number(text) });
    });
  numberField('weight', 'bodyWeight_kg', NaN);
  numberField('weeks', 'duration_weeks', NaN);
  numberField('read-at', 'readAt_weeks', 0);
  byId('overrides').addEventListener('click', (e) => {
    if ((e.target as HTMLElement).id === 'clear-overrides') change({ ...setup, parameters: {} });
  });
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="view"]')) {
    radio.addEventListener('change', () => {
      change({ ...setup, view: radio.value as Combination }, false);
      renderPanels();
    });
  }
  const fileInput = byId<HTMLInputElement>('file-input');
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void openFile(file);
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-open]')) {
    button.addEventListener('click', () => {
      openInto = button.dataset.open as ArmId;
      fileInput.click();
    });
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-save]')) {
    button.addEventListener('click', () => save(button.dataset.save as Combination));
  }
  byId('copy-link').addEventListener('click', () => void copyLink());
  byId('reset').addEventListener('click', () => {
    change(defaultSetup());
    showMessages([], 'info');
  });
}

wire();
wireAbmView();
// A note rather than an error: the rest of the link still applies, and it should stay visible.
if (decoded.problems.length > 0) showMessages([`Parts of the link could not be read: ${decoded.problems.join('; ')}.`], 'info');
change(setup);
