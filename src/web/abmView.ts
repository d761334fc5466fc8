/**
 * The agent-based view: regimen A's set-up run on a small lattice in a Web
 * Worker, its frames animated on a canvas with play/pause and a day slider.
 * Colours are the palette of the engine's snapshot images (render.ts).
 */
import type { AbmResult } from '../engines/abm/simulate.js';
import { FRAME_HYPOXIC, type AbmFrame } from '../engines/abm/observe.js';
import { PALETTE, voxelColor } from '../engines/abm/render.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { valueAt, type RunResult } from './analysis.js';
import { byId, el } from './dom.js';

/** Small enough to take a few seconds in a worker, large enough to show a margin and a core. */
export const ABM_VIEW_DAYS = 60;
export const ABM_VIEW_SECTION = { grid: 100, tumorCells: 2500, frameInterval: '1 day', snapshots: [] as string[] };
/** Canvas pixels per side (the lattice is scaled up by whole pixels per voxel). */
const CANVAS_PX = 400;
const FRAME_MS = 150;

/** The lattice version of a scenario file: same patient and therapies, engine "abm", a short run. */
export function latticeScenario(file: ScenarioFile, duration_weeks: number): ScenarioFile {
  const days = Math.min(ABM_VIEW_DAYS, Math.round(duration_weeks * 7));
  return {
    ...file,
    name: `${file.name}-lattice`,
    description: `${file.description ?? ''} Agent-based, ${days} days on a ${ABM_VIEW_SECTION.grid}×${ABM_VIEW_SECTION.grid} lattice.`.trim(),
    duration: `${days} days`,
    engine: 'abm',
    abm: { ...ABM_VIEW_SECTION },
  };
}

/** Colour lookup of every frame byte, RGB. */
function colourTable(): Uint8Array {
  const table = new Uint8Array(256 * 3);
  for (let code = 0; code < 256; code++) table.set(voxelColor(code & 0x7f), code * 3);
  return table;
}

function frameCounts(frame: AbmFrame): { tumor: number; loss: number; hypoxic: number; cd8: number } {
  let tumor = 0;
  let loss = 0;
  let hypoxic = 0;
  let cd8 = 0;
  for (let v = 0; v < frame.cells.length; v++) {
    const kind = frame.cells[v] & 3;
    if (kind > 0) {
      tumor++;
      if (kind > 1) loss++;
      if (frame.cells[v] & FRAME_HYPOXIC) hypoxic++;
    }
    cd8 += frame.cd8[v];
  }
  return { tumor, loss, hypoxic, cd8 };
}

export function legendMarkup(): HTMLElement {
  return el(
    'ul',
    { class: 'abm-legend', 'aria-label': 'Colours of the lattice' },
    ...Object.values(PALETTE).map((entry) =>
      el('li', {}, el('span', { class: 'swatch', style: `background: rgb(${entry.color.join(',')})`, 'aria-hidden': 'true' }), entry.label),
    ),
  );
}

export interface AbmViewOptions {
  /** Regimen A's scenario on the lattice, resolved; throws (with a message for the student) when the set-up is invalid. */
  readonly scenario: () => unknown;
  /** Runs it in a worker. */
  readonly run: (scenario: unknown) => Promise<{ result: RunResult; simulated: boolean }>;
  /** What is run, for the status line, e.g. "regimen A (nivolumab) in the inflamed archetype". */
  readonly describe: () => string;
}

/** Wires the section; returns a function to call when the set-up changes (the shown run is then out of date). */
export function setupAbmView(options: AbmViewOptions): { setupChanged(): void } {
  const section = byId('abm-section');
  const button = byId<HTMLButtonElement>('abm-run');
  const status = byId('abm-status');
  const player = byId('abm-player');
  const canvas = byId<HTMLCanvasElement>('abm-canvas');
  const play = byId<HTMLButtonElement>('abm-play');
  const slider = byId<HTMLInputElement>('abm-day');
  const dayLabel = byId('abm-day-label');
  const counts = byId('abm-counts');
  byId('abm-legend-box').replaceChildren(legendMarkup());

  const table = colourTable();
  const ctx = canvas.getContext('2d')!;
  const lattice = document.createElement('canvas');
  const latticeCtx = lattice.getContext('2d')!;
  let frames: readonly AbmFrame[] = [];
  let result: RunResult | undefined;
  let size = 0;
  let image: ImageData | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let shown = new Set<number>();
  let describedRun = '';

  const setStatus = (text: string) => (status.textContent = text);

  function draw(k: number): void {
    const frame = frames[k];
    if (!frame || !image) return;
    const px = image.data;
    for (let v = 0; v < frame.cells.length; v++) {
      const c = frame.cells[v] * 3;
      const o = v * 4;
      px[o] = table[c];
      px[o + 1] = table[c + 1];
      px[o + 2] = table[c + 2];
      px[o + 3] = 255;
    }
    latticeCtx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(lattice, 0, 0, canvas.width, canvas.height);
    slider.value = String(k);
    const day = Number(frame.t_day.toFixed(2));
    dayLabel.textContent = `day ${day}`;
    slider.setAttribute('aria-valuetext', `day ${day}`);
    const n = frameCounts(frame);
    const infiltration = result ? valueAt(result, 'infiltration_index', frame.t_day) : NaN;
    counts.textContent =
      `Tumor cell agents ${n.tumor} (${n.tumor > 0 ? ((100 * n.loss) / n.tumor).toFixed(0) : 0}% antigen loss, ` +
      `${n.tumor > 0 ? ((100 * n.hypoxic) / n.tumor).toFixed(0) : 0}% hypoxic) · CD8 T cells ${n.cd8}` +
      (Number.isFinite(infiltration) ? ` · core/margin CD8 density ${infiltration.toFixed(2)}` : '');
    shown.add(k);
    Object.assign(section.dataset, { frame: String(k), day: String(day), framesShown: String(shown.size) });
  }

  function pause(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    play.textContent = 'Play';
    play.setAttribute('aria-pressed', 'false');
  }

  function start(): void {
    if (frames.length < 2) return;
    if (Number(slider.value) >= frames.length - 1) draw(0);
    play.textContent = 'Pause';
    play.setAttribute('aria-pressed', 'true');
    timer = setInterval(() => {
      const next = Number(slider.value) + 1;
      if (next >= frames.length) return pause();
      draw(next);
    }, FRAME_MS);
  }

  function show(run: RunResult, ms: number, simulated: boolean): void {
    const abm = (run as AbmResult).abm;
    const list = abm?.frames ?? [];
    // Structured cloning keeps typed arrays; anything else means the transfer lost the lattice.
    if (list.length === 0 || !(list[0].cells instanceof Uint8Array) || !(list[0].cd8 instanceof Uint8Array)) {
      throw new Error('the lattice frames did not arrive from the worker as typed arrays');
    }
    pause();
    result = run;
    frames = list;
    size = abm.options.gridSize;
    lattice.width = lattice.height = size;
    image = latticeCtx.createImageData(size, size);
    const scale = Math.max(1, Math.floor(CANVAS_PX / size));
    canvas.width = canvas.height = size * scale;
    canvas.setAttribute(
      'aria-label',
      `Lattice of ${size}×${size} voxels (${((size * abm.options.voxel_um) / 1000).toFixed(1)} mm) over ${frames.length} days; the text below the slider gives the counts of each frame.`,
    );
    slider.max = String(frames.length - 1);
    slider.value = '0';
    shown = new Set();
    player.hidden = false;
    Object.assign(section.dataset, {
      frames: String(frames.length),
      computedIn: run.computedIn ?? 'unknown',
      abmMs: ms.toFixed(0),
    });
    const where = run.computedIn === 'worker' ? 'in a Web Worker' : 'on the main thread';
    setStatus(
      simulated
        ? `${describedRun}: ${frames.length} daily frames simulated ${where} in ${(ms / 1000).toFixed(1)} s.`
        : `${describedRun}: ${frames.length} daily frames (from the cache).`,
    );
    draw(0);
    if (!matchMedia('(prefers-reduced-motion: reduce)').matches) start();
  }

  button.addEventListener('click', async () => {
    let scenario: unknown;
    try {
      scenario = options.scenario();
    } catch (error) {
      setStatus(`Cannot run the lattice: ${(error as Error).message}`);
      return;
    }
    pause();
    describedRun = options.describe();
    button.disabled = true;
    section.dataset.state = 'running';
    setStatus('Simulating the lattice… (a few seconds, in a Web Worker)');
    const started = performance.now();
    try {
      const { result: run, simulated } = await options.run(scenario);
      show(run, performance.now() - started, simulated);
      section.dataset.state = 'ready';
    } catch (error) {
      section.dataset.state = 'error';
      setStatus(`The lattice run failed: ${(error as Error).message}`);
    } finally {
      button.disabled = false;
    }
  });
  play.addEventListener('click', () => (timer === undefined ? start() : pause()));
  slider.addEventListener('input', () => {
    pause();
    draw(Number(slider.value));
  });

  return {
    setupChanged() {
      if (frames.length > 0 && !status.textContent?.includes('changed since'))
        setStatus(`${status.textContent} The set-up has changed since this run: run it again to see the new one.`);
    },
  };
}
