/**
 * Spatial behaviour of the agent-based engine.
 *
 * - Immune exclusion: in the poorly perfused lesion of
 *   scenarios/abm-excluded.json T cells enter mostly through the normal
 *   host vessels at the margin and stay there, so the infiltration index
 *   (CD8 density in the core / at the margin, averaged over days 7–21 and 3
 *   seeds) is low, and far below the default patient's on the same lattice;
 *   bevacizumab normalises the lesion's vessels and raises core infiltration.
 * - Antigen-loss patches: B2M-loss cells (2% at start, scattered) survive
 *   nivolumab + ipilimumab and grow into clonal patches: their mean patch
 *   size and same-type neighbour enrichment rise well above random.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { infiltrationIndex } from '../src/engines/abm/metrics.js';
import { parseAbmSection } from '../src/engines/abm/scenarioSection.js';
import { simulateAbm } from '../src/engines/abm/simulate.js';
import { resolveScenario } from '../src/scenario/load.js';
import type { ResolvedScenario } from '../src/scenario/types.js';
import { defaultContext } from '../src/simulation/defaultContext.js';
import { column, context, regimens, scenario } from './helpers/scenario.js';

const ctx = defaultContext();

function loadAbmScenario(file: string): ResolvedScenario {
  const { abm, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
  const s = resolveScenario(rest, ctx, file).scenario;
  return { ...s, abm: parseAbmSection(abm, s.duration_day) } as ResolvedScenario;
}

/** Mean core and margin CD8 densities over frames from day 7 to 21, and their ratio. */
function infiltration(s: ResolvedScenario, seeds: readonly number[]) {
  let core = 0;
  let margin = 0;
  for (const seed of seeds) {
    const r = simulateAbm({ ...s, seed, duration_day: 21 }, ctx, { snapshotTimes_day: [], frameInterval_day: 1 });
    const size = r.abm.options.gridSize;
    const tumor = new Uint8Array(size * size);
    for (const f of r.abm.frames) {
      if (f.t_day < 7) continue;
      for (let v = 0; v < tumor.length; v++) tumor[v] = f.cells[v] & 3;
      const i = infiltrationIndex(size, tumor, f.cd8);
      core += i.coreDensity;
      margin += i.marginDensity;
    }
  }
  return { core, margin, index: core / margin };
}

describe('abm spatial behaviour', () => {
  it('poor perfusion keeps T cells at the margin; bevacizumab opens the core', () => {
    const excluded = loadAbmScenario('scenarios/abm-excluded.json');
    const seeds = [1, 2, 3];
    const poor = infiltration(excluded, seeds);
    const normal = infiltration({ ...excluded, name: 'default-patient', patient: { ...excluded.patient, parameters: {} } }, seeds);
    const normalised = infiltration({ ...excluded, name: 'excluded+bevacizumab', therapies: regimens.bevacizumab(0, 21) }, seeds);
    expect(poor.index).toBeLessThan(0.3);
    expect(normal.index).toBeGreaterThan(2 * poor.index);
    expect(normalised.core).toBeGreaterThan(2 * poor.core);
    expect(normalised.index).toBeGreaterThan(2 * poor.index);
  });

  it('antigen-loss cells form growing patches under therapy', () => {
    const run = (therapies: ResolvedScenario['therapies']) =>
      simulateAbm(
        { ...scenario({ therapies, duration_day: 60, parameters: { initial_b2m_fraction: 0.02 } }), engine: 'abm', seed: 3 },
        context,
        { gridSize: 120, initialTumorAgents: 4000, snapshotTimes_day: [], frameInterval_day: 0 },
      );
    const treated = run(regimens.nivoIpi(0, 60));
    const untreated = run([]);
    const size = column(treated, 'loss_mean_cluster_size');
    const enrichment = column(treated, 'loss_neighbour_enrichment');
    const lossFraction = column(treated, 'antigen_loss_fraction');
    expect(lossFraction[60]).toBeGreaterThan(5 * lossFraction[0]);
    expect(size[0]).toBeLessThan(1.5);
    expect(size[60]).toBeGreaterThan(10 * size[0]);
    expect(size[60]).toBeGreaterThan(3 * column(untreated, 'loss_mean_cluster_size')[60]);
    expect(enrichment[30]).toBeGreaterThan(3);
    expect(enrichment[60]).toBeGreaterThan(1.5);
  });
});
