/**
 * The agent-based engine's machinery: settings, the field solver, drug
 * exposure from the shared PK modules, determinism, lattice bookkeeping,
 * output shape (the ODE's writers work unchanged), snapshots and the
 * scenario files.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createField, createFieldGrid, enforceBalance, relativeResidual, relax, sorFactor, uniformSolution } from '../src/engines/abm/fields.js';
import { createWorld } from '../src/engines/abm/init.js';
import { resolveAbmOptions, type AbmScenarioOptions } from '../src/engines/abm/options.js';
import { AbmSectionError, parseAbmSection } from '../src/engines/abm/scenarioSection.js';
import { simulateAbm, type AbmResult } from '../src/engines/abm/simulate.js';
import { writeAbmSnapshots } from '../src/engines/abm/snapshots.js';
import { stepWorld } from '../src/engines/abm/step.js';
import { CD8, MDSC, TREG } from '../src/engines/abm/store.js';
import { runSummaryJson } from '../src/report/summaryJson.js';
import { timeseriesCsv } from '../src/report/timeseriesCsv.js';
import { resolveScenario } from '../src/scenario/load.js';
import type { ResolvedScenario } from '../src/scenario/types.js';
import { defaultContext } from '../src/simulation/defaultContext.js';
import { column, simulate } from '../src/simulation/simulate.js';
import { context, il2Course, il2DoseMg, dosing, regimens, scenario } from './helpers/scenario.js';

const SMALL: AbmScenarioOptions = { gridSize: 60, initialTumorAgents: 1000, snapshotTimes_day: [0, 10], frameInterval_day: 5 };

function abmScenario(options: Parameters<typeof scenario>[0] = {}, seed = 1): ResolvedScenario {
  return { ...scenario({ duration_day: 20, ...options }), engine: 'abm', seed };
}

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('abm settings', () => {
  it('fills defaults and rejects out-of-range values naming the field', () => {
    const o = resolveAbmOptions({ gridSize: 50 }, 60);
    expect(o.gridSize).toBe(50);
    expect(o.initialTumorAgents).toBe(625);
    expect(o.dt_day).toBe(0.25);
    expect(o.snapshotTimes_day).toEqual([0, 30, 60]);
    expect(() => resolveAbmOptions({ gridSize: 3 }, 60)).toThrow(/abm\.gridSize/);
    expect(() => resolveAbmOptions({ gridSize: 10, initialTumorAgents: 200 }, 60)).toThrow(/abm\.initialTumorAgents/);
    expect(() => resolveAbmOptions({ chemotaxis: 2 }, 60)).toThrow(/abm\.chemotaxis/);
  });

  it('reads a scenario section with units and reports problems by path', () => {
    const o = parseAbmSection({ grid: 80, voxel: '0.02 mm', step: '12 hours', tumorCells: 900, snapshots: ['0 days', '2 weeks'], vesselDensity: 0.01 }, 30);
    expect(o).toMatchObject({ gridSize: 80, voxel_um: 20, dt_day: 0.5, initialTumorAgents: 900, snapshotTimes_day: [0, 14], vesselDensity: 0.01 });
    const problems = (raw: unknown) => {
      try {
        parseAbmSection(raw, 30);
      } catch (error) {
        expect(error).toBeInstanceOf(AbmSectionError);
        return (error as AbmSectionError).problems.map((p) => `${p.path.join('.')}: ${p.message}`);
      }
      return [];
    };
    expect(problems({ voxel: '3 weeks', gird: 10 })).toEqual([
      'abm.voxel: expected a length (e.g. "12 mm"), got "3 weeks" (time)',
      expect.stringMatching(/^abm\.gird: unknown field "gird"/),
    ]);
    expect(problems({ grid: 4 })).toEqual([expect.stringMatching(/^abm\.grid: expected a whole number/)]);
    expect(problems({ snapshots: ['1 day', '2 kg'] })).toEqual([expect.stringMatching(/^abm\.snapshots\.1: expected a duration/)]);
  });

  it('loads the abm scenario files', () => {
    const ctx = defaultContext();
    for (const name of ['abm-default', 'abm-excluded']) {
      const file = join('scenarios', `${name}.json`);
      const { abm, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
      const loaded = resolveScenario(rest, ctx, file).scenario;
      expect(loaded.engine).toBe('abm');
      const options = resolveAbmOptions(parseAbmSection(abm, loaded.duration_day), loaded.duration_day);
      expect(options.voxel_um).toBe(20);
      expect(options.dt_day).toBe(0.25);
    }
  });
});

describe('abm fields', () => {
  it('SOR converges to the quasi-steady state, stays non-negative and balances uptake with secretion', () => {
    const grid = createFieldGrid(64, 2, 20);
    const field = createField('test', grid, 16.5 * 86_400);
    // Point sources on a uniform sink: a long-range signal (length ~ 30 nodes).
    field.sink.fill(4);
    field.source[10 * grid.side + 5] = 5e4;
    field.source[25 * grid.side + 20] = 2e4;
    const scratch = new Float64Array(2 * grid.n);
    enforceBalance(field);
    relax(field, grid.side, 600, sorFactor(field, grid.side), scratch);
    expect(relativeResidual(field, grid.side)).toBeLessThan(1e-6);
    expect(Math.min(...field.value)).toBeGreaterThanOrEqual(0);
    let uptake = 0;
    let supply = 0;
    for (let i = 0; i < grid.n; i++) {
      uptake += field.sink[i] * field.value[i];
      supply += field.source[i];
    }
    expect(uptake / supply).toBeCloseTo(1, 6);
    // Infinite diffusion: one value, secretion over uptake.
    uniformSolution(field);
    expect(field.value[0]).toBeCloseTo(7e4 / (4 * grid.n), 12);
  });
});

describe('abm drug exposure', () => {
  it('uses the same PK and doses as the ODE engine (exact at output times)', () => {
    const cases = [
      { therapies: regimens.nivolumab(0, 20), column: 'nivolumab.concentration', tol: 1e-6 },
      { therapies: [dosing('aldesleukin', '600000 IU/kg', il2DoseMg(), il2Course(0, 1))], column: 'aldesleukin.concentration', tol: 1e-4 },
    ];
    for (const c of cases) {
      const ode = simulate(scenario({ therapies: c.therapies, duration_day: 10 }), context);
      const abm = simulateAbm(abmScenario({ therapies: c.therapies, duration_day: 10 }), context, SMALL);
      const a = column(abm, c.column);
      const o = column(ode, c.column);
      expect(a.length).toBe(o.length);
      for (let k = 0; k < a.length; k++) {
        if (o[k] < 1e-9) continue;
        expect(Math.abs(a[k] / o[k] - 1)).toBeLessThan(c.tol);
      }
    }
  });
});

describe('abm runs', () => {
  const s = abmScenario({ therapies: regimens.nivolumab(0, 20) }, 7);
  const first = simulateAbm(s, context, SMALL);

  it('is a pure function of scenario and seed', () => {
    const again = simulateAbm(s, context, SMALL);
    expect(bytes(again.values).equals(bytes(first.values))).toBe(true);
    expect(again.abm.frames.length).toBe(first.abm.frames.length);
    first.abm.frames.forEach((f, k) => expect(bytes(again.abm.frames[k].cells).equals(bytes(f.cells))).toBe(true));
    const other = simulateAbm({ ...s, seed: 8 }, context, SMALL);
    expect(bytes(other.values).equals(bytes(first.values))).toBe(false);
  });

  it('reports the ODE columns (names and units) where they apply, and the ODE writers accept it', () => {
    const ode = simulate({ ...s, engine: 'ode' }, context);
    const odeUnits = new Map(ode.columns.map((c) => [c.name, c.unit]));
    for (const name of ['tumor_presenting', 'tumor_b2m_loss', 'tumor_jak_loss', 'cd8_effector', 'cd8_progenitor_exhausted', 'cd8_terminal_exhausted', 'treg', 'mdsc', 'tumor_volume', 'lesion_diameter', 'hypoxia', 'nivolumab.concentration', 'nivolumab.PD-1_occupancy']) {
      const c = first.columns.find((col) => col.name === name);
      expect(c, name).toBeDefined();
      expect(c!.unit).toBe(odeUnits.get(name));
    }
    expect(Array.from(first.t_day)).toEqual(Array.from(ode.t_day));
    // Same patient at t = 0: lesion size and immune infiltrate (agents × cells per agent).
    expect(column(first, 'tumor_volume')[0]).toBeCloseTo(column(ode, 'tumor_volume')[0], 6);
    expect(column(first, 'lesion_diameter')[0]).toBeCloseTo(20, 6);
    expect(column(first, 'cd8_effector')[0] / column(ode, 'cd8_effector')[0]).toBeGreaterThan(0.7);
    expect(column(first, 'cd8_effector')[0] / column(ode, 'cd8_effector')[0]).toBeLessThan(1.3);
    expect(first.retcode).toBe('Success');
    const csv = timeseriesCsv(first);
    expect(csv.split('\n')[0]).toContain('tumor_volume (mm^3)');
    expect(csv.trim().split('\n').length).toBe(first.t_day.length + 1);
    expect(JSON.parse(runSummaryJson(first)).tumor.baselineVolume_mm3).toBeCloseTo(column(first, 'tumor_volume')[0], 6);
  });

  it('keeps the lattice bookkeeping consistent (stores, free lists, layers)', () => {
    const w = createWorld(abmScenario({ therapies: regimens.nivoIpi(0, 20) }, 3), context, resolveAbmOptions(SMALL, 20));
    for (let k = 0; k < 40; k++) stepWorld(w, 0.25);
    let tumor = 0;
    for (let i = 0; i < w.tumor.highWater; i++) {
      const v = w.tumor.pos[i];
      if (v < 0) continue;
      tumor++;
      expect(w.tumorAt[v]).toBe(i);
    }
    expect(tumor).toBe(w.tumor.count);
    expect(w.tumorAt.filter((i) => i >= 0).length).toBe(tumor);
    const perVoxel = new Uint8Array(w.nVox);
    let immune = 0;
    for (let i = 0; i < w.immune.highWater; i++) {
      const v = w.immune.pos[i];
      if (v < 0) continue;
      immune++;
      perVoxel[v]++;
      expect([CD8, TREG, MDSC]).toContain(w.immune.type[i]);
    }
    expect(immune).toBe(w.immune.count);
    expect(Buffer.from(perVoxel).equals(Buffer.from(w.immuneCount))).toBe(true);
    expect(Math.max(...w.immuneCount)).toBeLessThanOrEqual(w.options.maxImmunePerVoxel);
    for (let i = 0; i < w.vessels.highWater; i++) if (w.vessels.pos[i] >= 0) expect(w.vesselAt[w.vessels.pos[i]]).toBe(i);
  });

  it('writes snapshots (PNG, SVG with O2 contours) and animation frames', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tisim-abm-'));
    dirs.push(dir);
    const files = writeAbmSnapshots(first as AbmResult, dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'abm-snapshot-day-000.png',
      'abm-snapshot-day-000.svg',
      'abm-snapshot-day-010.png',
      'abm-snapshot-day-010.svg',
      'abm-frames.json',
      'abm-animation.html',
    ]);
    const png = readFileSync(join(dir, 'abm-snapshot-day-010.png'));
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const svg = readFileSync(join(dir, 'abm-snapshot-day-010.svg'), 'utf8');
    expect(svg).toContain('<image');
    expect(svg).toContain('O2 at 50% hypoxia');
    const frames = JSON.parse(readFileSync(join(dir, 'abm-frames.json'), 'utf8'));
    expect(frames.gridSize).toBe(60);
    expect(frames.frames.map((f: { t_day: number }) => f.t_day)).toEqual([0, 5, 10, 15, 20]);
    expect(Buffer.from(frames.frames[2].cells, 'base64').length).toBe(60 * 60);
  });
});
