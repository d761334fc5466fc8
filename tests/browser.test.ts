/**
 * The teaching page in a real browser: build it with Vite, serve the folder,
 * drive Debian's Chromium through playwright-core. Skipped only on a machine
 * without /usr/bin/chromium; under CI=true a missing browser is a failure,
 * because .ci/run installs it.
 *
 * page.evaluate and waitForFunction get strings: functions would be
 * serialised after transpilation and could carry helpers the page lacks.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build, createLogger } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from '../src/scenario/resolve.js';
import { defaultContext } from '../src/simulation/defaultContext.js';
import { column, simulate } from '../src/simulation/simulate.js';
import { importScenario } from '../src/web/scenarioImport.js';
import { defaultSetup, scenarioFor, updateSetting, type Setup } from '../src/web/setup.js';
import { decodeSetup, encodeSetup } from '../src/web/urlState.js';
import { fileFor, serveStatic, type StaticServer } from './helpers/staticServer.js';

const CHROMIUM = '/usr/bin/chromium';
const repo = fileURLToPath(new URL('..', import.meta.url));
const screenshot = join(repo, 'results', 'screenshots', 'demo.png');
const abmScreenshot = join(repo, 'results', 'screenshots', 'abm-view.png');
const inCi = process.env.CI === 'true' || process.env.CI === '1';
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium && !inCi) {
  console.warn(`browser tests skipped: ${CHROMIUM} not found (install it with: apt-get install -y chromium)`);
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Counts Worker constructions, so the test sees that the page started workers.
const COUNT_WORKERS = `(() => {
  const Native = window.Worker;
  window.__workersStarted = 0;
  window.Worker = class extends Native {
    constructor(...args) { super(...args); window.__workersStarted += 1; }
  };
})();`;

const READY = "document.body.dataset.status === 'ready'";
const tumorPath = (series: string) =>
  `(document.querySelector('#tumor-chart path[data-series="${series}"]')?.getAttribute('d') ?? '')`;

// The page's own logic runs in Node too, so it is checked here even without a browser.
describe('teaching page logic', () => {
  const ctx = defaultContext();
  const archetypes = [...ctx.archetypes.keys()];

  it('round-trips a set-up through its link', () => {
    let setup: Setup = { ...defaultSetup(), archetype: 'late', duration_weeks: 26, readAt_weeks: 12, view: 'B' };
    setup = updateSetting(setup, 'B', 'il2', { drug: 'il2-notalpha', enabled: true });
    setup = updateSetting(setup, 'A', 'lag3', { enabled: true, dose: 80, start_day: 14 });
    const query = encodeSetup(setup);
    expect(query).toContain('B=ipilimumab~3mgkg~d0~q3w~x4!il2-notalpha~0.0367mgkg~d0~q8h~x14');
    expect(decodeSetup(query, archetypes)).toEqual({ setup, problems: [] });
  });

  it('reports unreadable parts of a link and keeps the rest', () => {
    const { setup, problems } = decodeSetup('?patient=nope&A=nivolumab~3mgkg~d0~q2w~end!aspirin~1mg~d0~q1d~end', archetypes);
    expect(setup.archetype).toBe('inflamed');
    expect(setup.arms.A.pd1.enabled).toBe(true);
    expect(problems).toEqual(['unknown patient "nope"', 'Regimen A: unknown drug "aspirin"']);
  });

  it('builds scenario files that the engine accepts, and reads them back', () => {
    const setup = updateSetting(defaultSetup(), 'B', 'il2', { enabled: true });
    for (const which of ['untreated', 'A', 'B', 'AB'] as const) {
      expect(() => resolveScenario(scenarioFor(setup, which), ctx)).not.toThrow();
    }
    const file = scenarioFor(setup, 'B');
    const back = importScenario(defaultSetup(), 'A', file, resolveScenario(file, ctx).scenario);
    expect(back.notes).toEqual([]);
    expect(back.setup.arms.A).toEqual(setup.arms.B);
  });

  it('loads a repository scenario, noting what one schedule per class cannot hold', () => {
    const raw: unknown = JSON.parse(readFileSync(join(repo, 'scenarios', 'nivo-ipi.json'), 'utf8'));
    const { setup, notes } = importScenario(defaultSetup(), 'B', raw, resolveScenario(raw, ctx).scenario);
    expect(setup.arms.B.pd1).toMatchObject({ enabled: true, drug: 'nivolumab', dose: 1, doseUnit: 'mg/kg', every: 3, everyUnit: 'weeks', count: 4 });
    expect(setup.arms.B.ctla4).toMatchObject({ enabled: true, dose: 3, count: 4 });
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/second Anti-PD-1 schedule/);
  });

  it('serves only files inside the served folder', () => {
    expect(fileFor('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js');
    expect(fileFor('/srv/web', '/../secret')).toBe('/srv/web/secret');
    expect(fileFor('/srv/web', '/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/web/etc/passwd');
    expect(fileFor('/srv/web', '/%E0%A4%A')).toBeUndefined();
  });
});

describe.skipIf(!hasChromium && !inCi)('teaching page in Chromium', () => {
  let out: string;
  let profile: string;
  let server: StaticServer;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const buildWarnings: string[] = [];

  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    p.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  };

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run should have installed it`);
    out = mkdtempSync(join(tmpdir(), 'tisim-web-'));
    profile = mkdtempSync(join(tmpdir(), 'tisim-chromium-'));
    const logger = createLogger('warn');
    const keep = (message: string) => void buildWarnings.push(message);
    await build({
      configFile: join(repo, 'vite.config.ts'),
      logLevel: 'warn',
      customLogger: { ...logger, warn: keep, warnOnce: keep },
      build: { outDir: out, emptyOutDir: true },
    });
    server = await serveStatic(out);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1366, height: 768 },
    });
    await context.addInitScript({ content: COUNT_WORKERS });
    page = context.pages()[0] ?? (await context.newPage());
    watch(page);
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [out, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bundles without Node built-ins (the worker chain must stay browser-safe)', () => {
    // Vite replaces e.g. node:fs with an empty stub and only warns; here that fails.
    expect(buildWarnings.filter((w) => /externalized for browser compatibility/.test(w))).toEqual([]);
  });

  it('computes the first results in Web Workers', async () => {
    await page.goto(server.url);
    await page.waitForFunction(READY, undefined, { timeout: 20_000 });
    expect(await page.evaluate(tumorPath('A'))).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await page.evaluate("document.getElementById('tumor-chart').dataset.computedIn")).toBe('worker');
    expect(await page.evaluate('window.__workersStarted')).toBeGreaterThan(0);
  });

  it('redraws the tumor curve when anti-CTLA-4 is added to anti-PD-1', async () => {
    await page.selectOption('#patient', 'treg-rich');
    await page.waitForFunction(READY, undefined, { timeout: 20_000 });
    expect(await page.textContent('#patient-description')).toContain('Treg');
    expect(await page.isChecked('#A-pd1-on')).toBe(true);
    const before = (await page.evaluate(tumorPath('A'))) as string;

    await page.check('#A-ctla4-on');
    await page.waitForFunction(`${READY} && ${tumorPath('A')} !== ${JSON.stringify(before)}`, undefined, { timeout: 20_000 });

    const after = (await page.evaluate(tumorPath('A'))) as string;
    expect(after).not.toBe(before);
    expect(await page.evaluate("document.getElementById('tumor-chart').dataset.computedIn")).toBe('worker');
    const latency = Number(await page.evaluate('document.body.dataset.updateMs'));
    const compute = Number(await page.evaluate('document.body.dataset.computeMs'));
    console.info(`update latency after adding anti-CTLA-4: ${latency} ms (simulations ${compute} ms)`);
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(5_000);
    expect(page.url()).toContain('A=nivolumab~3mgkg~d0~q2w~end!ipilimumab~3mgkg~d0~q3w~x4');
    expect(page.url()).toContain('patient=treg-rich');
  });

  it('gives the numbers the Node engine gives for the same link', async () => {
    const ctx = defaultContext();
    const { setup, problems } = decodeSetup(new URL(page.url()).search, [...ctx.archetypes.keys()]);
    expect(problems).toEqual([]);
    const result = simulate(resolveScenario(scenarioFor(setup, 'A'), ctx).scenario, ctx);
    const diameter = column(result, 'lesion_diameter');
    const inNode = diameter[diameter.length - 1];
    const inBrowser = Number(await page.evaluate("document.getElementById('tumor-chart').dataset.finalA"));
    // Chromium and Node may differ in the last bits of Math.exp; the adaptive solver keeps that tiny.
    expect(Math.abs(inBrowser - inNode) / inNode).toBeLessThan(1e-6);
  });

  it('reproduces the set-up from its link', async () => {
    const link = page.url();
    const expected = await page.evaluate(tumorPath('A'));
    const second = await context.newPage();
    watch(second);
    await second.goto(link);
    await second.waitForFunction(READY, undefined, { timeout: 20_000 });
    expect(await second.isChecked('#A-ctla4-on')).toBe(true);
    expect(await second.inputValue('#patient')).toBe('treg-rich');
    expect(await second.evaluate(tumorPath('A'))).toBe(expected);
    await second.close();
  });

  it('runs regimen A on the lattice in a worker and animates its frames', async () => {
    const section = (key: string) => `(document.getElementById('abm-section').dataset.${key} ?? '')`;
    // Day label and a hash of the canvas pixels: both must change as the animation plays.
    const picture = `(() => {
      const c = document.getElementById('abm-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let h = 0;
      for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) | 0;
      return document.getElementById('abm-day-label').textContent + '|' + h;
    })()`;
    await page.click('text=Run on the lattice');
    expect(await page.textContent('#abm-status')).toContain('Simulating the lattice');
    await page.waitForFunction(`${section('state')} === 'ready'`, undefined, { timeout: 25_000 });
    expect(Number(await page.evaluate(section('frames')))).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(section('computedIn'))).toBe('worker');
    const first = (await page.evaluate(picture)) as string;
    await page.waitForFunction(`${section('framesShown')} >= 2 && ${picture} !== ${JSON.stringify(first)}`, undefined, {
      timeout: 10_000,
    });
    const later = (await page.evaluate(picture)) as string;
    expect(later.split('|')[0]).not.toBe(first.split('|')[0]);
    expect(later.split('|')[1]).not.toBe(first.split('|')[1]);
    console.info(`lattice run in the browser: ${await page.evaluate(section('abmMs'))} ms (${await page.evaluate(section('frames'))} frames)`);
    mkdirSync(dirname(abmScreenshot), { recursive: true });
    await page.click('#abm-play'); // pause, so the picture holds still
    await page.locator('#abm-day').fill(String(Number(await page.evaluate(section('frames'))) - 1));
    expect(await page.textContent('#abm-day-label')).not.toBe('day 0');
    await page.locator('#abm-section').screenshot({ path: abmScreenshot });
    expect(errors).toEqual([]);
  }, 40_000);

  it('leaves no console errors and a screenshot for the README', async () => {
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: screenshot });
    expect(existsSync(screenshot)).toBe(true);
    expect(errors).toEqual([]);
  });
});
