import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultContext } from '../src/simulation/defaultContext.js';
import { simulate, column } from '../src/simulation/simulate.js';
import { assessRecist } from '../src/analysis/recist.js';
import { ScenarioValidationError } from '../src/scenario/errors.js';
import {
  candidatePatient,
  cholesky,
  doublingTime,
  implausibility,
  loadPopulationFile,
  resolvePopulation,
} from '../src/trial/population.js';
import { armScenario, loadTrialFile, outputInterval, resolveTrial, type TrialSpec } from '../src/trial/spec.js';
import { TrialRunner, type TrialOutcome } from '../src/trial/run.js';
import { patientsCsv, writeTrialOutputs } from '../src/trial/outputs.js';
import { dominantMechanism, killingFactors, referenceFactors } from '../src/trial/mechanism.js';
import { checkTargets, nelderMead, objective } from '../src/trial/calibrate.js';
import { writeTrialReport } from '../src/report/trialReport.js';
import { commandTrial } from '../src/cli/trialCommand.js';

const ROOT = join(import.meta.dirname, '..');
const CHECKMATE = join(ROOT, 'scenarios/trials/checkmate-067.json');
const ctx = defaultContext();
const tmp = () => mkdtempSync(join(tmpdir(), 'tisim-trial-'));

/** The CheckMate 067 trial file with a short follow-up, for fast tests. */
function shortTrial(extra: Record<string, unknown> = {}): TrialSpec {
  const doc = JSON.parse(readFileSync(CHECKMATE, 'utf8'));
  return resolveTrial({ ...doc, followUp: '12 months', ...extra }, ctx, CHECKMATE);
}

describe('virtual populations', () => {
  const base = {
    name: 'p',
    seed: 5,
    bodyWeight: { dist: 'normal', mean: 80, sd: 10, min: 50, max: 120, unit: 'kg' },
    parameters: {
      tumor_proliferation_rate: { dist: 'lognormal', median: 1.8, gsd: 1.2, min: 0.5, max: 6, unit: '1/week' },
      antigenicity: { dist: 'uniform', min: 0.5, max: 2 },
      immune_history: '20 weeks',
    },
  };

  it('samples each candidate from its own stream, in canonical units', () => {
    const pop = resolvePopulation(base, ctx);
    expect(pop.fixed.immune_history).toBeCloseTo(140, 9);
    const a = candidatePatient(pop, 7)!;
    const b = candidatePatient(resolvePopulation(base, ctx), 7)!;
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect(a.parameters.tumor_proliferation_rate).toBeGreaterThanOrEqual(0.5 / 7);
    expect(a.parameters.tumor_proliferation_rate).toBeLessThanOrEqual(6 / 7);
    expect(a.bodyWeight_kg).toBeGreaterThanOrEqual(50);
    expect(candidatePatient(pop, 8)!.values[0]).not.toBe(a.values[0]);
  });

  it('moves patients smoothly with the distribution (common random numbers)', () => {
    const shifted = resolvePopulation({ ...base, parameters: { ...base.parameters, antigenicity: { dist: 'uniform', min: 1, max: 4 } } }, ctx);
    const a = candidatePatient(resolvePopulation(base, ctx), 3)!;
    const b = candidatePatient(shifted, 3)!;
    // Same uniform draw: (x − 0.5)/1.5 = (y − 1)/3.
    expect((a.parameters.antigenicity - 0.5) / 1.5).toBeCloseTo((b.parameters.antigenicity - 1) / 3, 12);
    expect(a.parameters.tumor_proliferation_rate).toBe(b.parameters.tumor_proliferation_rate);
  });

  it('reports every problem with its JSON path', () => {
    const bad = {
      name: 'bad',
      parameters: {
        tumour_growth: { dist: 'uniform', min: 0, max: 1 },
        antigenicity: { dist: 'lognormal', median: 1, gsd: 2 },
        tcell_access: '2',
      },
      correlations: [{ between: ['antigenicity', 'antigenicity'], rho: 0.5 }],
    };
    try {
      resolvePopulation(bad, ctx, 'bad.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioValidationError);
      const text = (err as ScenarioValidationError).format();
      expect(text).toMatch(/\$\.parameters\.tumour_growth: model "checkpoint" has no parameter/);
      expect(text).toMatch(/\$\.parameters\.antigenicity: .*antigenicity must be between 0 and 10.*truncate/);
      expect(text).toMatch(/\$\.parameters\.tcell_access: tcell_access must be between 0 and 1/);
      expect(text).toMatch(/\$\.correlations\[0\]\.between/);
    }
  });

  it('builds a Gaussian copula only from a valid correlation matrix', () => {
    expect(cholesky(Float64Array.of(1, 0.5, 0.5, 1), 2)).toBeDefined();
    expect(cholesky(Float64Array.of(1, 1.2, 1.2, 1), 2)).toBeUndefined();
    const pop = resolvePopulation({ ...base, correlations: [{ between: ['tumor_proliferation_rate', 'antigenicity'], rho: 0.9 }] }, ctx);
    const x: number[] = [];
    const y: number[] = [];
    for (let k = 0; k < 400; k++) {
      const p = candidatePatient(pop, k)!;
      x.push(Math.log(p.parameters.tumor_proliferation_rate));
      y.push(p.parameters.antigenicity);
    }
    const mx = x.reduce((s, v) => s + v, 0) / x.length;
    const my = y.reduce((s, v) => s + v, 0) / y.length;
    const r = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / Math.sqrt(x.reduce((s, v) => s + (v - mx) ** 2, 0) * y.reduce((s, v) => s + (v - my) ** 2, 0));
    expect(r).toBeGreaterThan(0.75);
  });

  it('reads a CSV table of patients with units in the header', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'patients.csv'), 'patient,tumor_proliferation_rate (1/week),bodyWeight (kg)\n0,0.7,70\n1,0.35,90\n');
    writeFileSync(join(dir, 'pop.json'), JSON.stringify({ name: 'table', table: 'patients.csv', parameters: { antigenicity: 2 } }));
    const pop = loadPopulationFile(join(dir, 'pop.json'), ctx);
    expect(candidatePatient(pop, 1)!.parameters.tumor_proliferation_rate).toBeCloseTo(0.05, 12);
    expect(candidatePatient(pop, 1)!.bodyWeight_kg).toBe(90);
    expect(candidatePatient(pop, 0)!.parameters.antigenicity).toBe(2);
    expect(candidatePatient(pop, 2)).toBeUndefined();
  });

  it('measures doubling time and applies the documented bounds', () => {
    // Volume ×8 (diameter ×2) in 30 days: three doublings, Td = 10 days.
    expect(doublingTime(10, 20, 30)).toBeCloseTo(10, 12);
    expect(doublingTime(10, 9, 30)).toBe(Infinity);
    const filter = { window_day: 56, minDoubling_day: 8, maxDoubling_day: 212 };
    expect(implausibility(filter, 33)).toBeUndefined();
    expect(implausibility(filter, 3)).toMatch(/below 8/);
    expect(implausibility(filter, 400)).toMatch(/above 212/);
    expect(implausibility(filter, Infinity)).toMatch(/does not grow/);
  });
});

describe('trial files', () => {
  it('resolves the CheckMate 067 arms, scans and published values', () => {
    const trial = loadTrialFile(CHECKMATE, ctx);
    expect(trial.arms.map((a) => a.id)).toEqual(['nivo-ipi', 'nivo', 'ipi']);
    expect(trial.scanTimes_day.map((t) => t / 7)).toEqual([12, 18, 24, 30, 36, 42, 48, 60, 72, 84, 96]);
    expect(outputInterval(trial.scanTimes_day)).toBe(42);
    expect(trial.published!.arms['nivo-ipi'].orr).toBe(57.6);
    expect(trial.published!.arms.ipi.medianPfs_day).toBeCloseTo(2.9 * 30.4375, 9);
    // Per-kg doses follow the patient's weight; the combination switches to nivolumab 3 mg/kg at week 12.
    const combo = trial.arms[0];
    const patient = { candidate: 0, bodyWeight_kg: 100, values: new Float64Array(0), parameters: {} };
    const scenario = armScenario(trial, combo, patient, 0);
    expect(scenario.therapies.map((t) => t.dose_mg)).toEqual([100, 300, 300]);
    expect(scenario.therapies[2].times_day[0]).toBe(84);
    expect(scenario.therapies[1].times_day).toEqual([0, 21, 42, 63]);
  });

  it('reports bad arms with the path inside the trial file', () => {
    const doc = JSON.parse(readFileSync(CHECKMATE, 'utf8'));
    doc.arms[1].therapies[0].dose = '3 weeks';
    doc.reference = 'placebo';
    try {
      resolveTrial(doc, ctx, CHECKMATE);
      expect.unreachable();
    } catch (err) {
      const text = (err as ScenarioValidationError).format();
      expect(text).toMatch(/\$\.arms\[1\]\.therapies\[0\]\.dose: expected a mass/);
      expect(text).toMatch(/\$\.reference: expected the id of an arm/);
    }
  });
});

describe('resistance mechanism rule', () => {
  const p = { kill_saturation: 0.1, terminal_cytotoxicity: 0.1, tcell_hypoxia_suppression: 0.5 };
  // antigen_loss, cd8_total, tumor_cells, terminal_fraction, treg_suppression, mdsc_suppression, hypoxia
  const typical = killingFactors([1e-4, 1e8, 4e9, 0.3, 0.2, 0.2, 0.3], p);
  const reference = referenceFactors([typical, typical, typical]);

  it('names the factor furthest below the population baseline', () => {
    expect(dominantMechanism(killingFactors([0.9, 1e8, 4e9, 0.3, 0.2, 0.2, 0.3], p), reference)).toBe('antigen loss');
    expect(dominantMechanism(killingFactors([1e-4, 1e6, 4e9, 0.3, 0.2, 0.2, 0.3], p), reference)).toBe('low infiltration');
    expect(dominantMechanism(killingFactors([1e-4, 1e8, 4e9, 0.95, 0.2, 0.2, 0.3], p), reference)).toBe('terminal exhaustion');
    expect(dominantMechanism(killingFactors([1e-4, 1e8, 4e9, 0.3, 0.8, 0.2, 0.3], p), reference)).toBe('Treg-high');
    expect(dominantMechanism(killingFactors([1e-4, 1e8, 4e9, 0.3, 0.2, 0.6, 0.9], p), reference)).toBe('MDSC/hypoxia');
    expect(dominantMechanism(typical, reference)).toBeUndefined();
  });
});

describe('calibration pieces', () => {
  it('Nelder–Mead finds the minimum of a quadratic in the unit cube', async () => {
    const best = await nelderMead(async (x) => (x[0] - 0.3) ** 2 + 2 * (x[1] - 0.7) ** 2, [0.5, 0.5], { maxEvaluations: 200, tolerance: 1e-12 });
    expect(best.x[0]).toBeCloseTo(0.3, 3);
    expect(best.x[1]).toBeCloseTo(0.7, 3);
  });
});

describe('running trials', () => {
  let runner1: TrialRunner;
  let runner2: TrialRunner;
  let outcome: TrialOutcome;
  beforeAll(async () => {
    runner1 = new TrialRunner(1);
    runner2 = new TrialRunner(2);
    outcome = await runner2.run(shortTrial(), ctx, { patients: 200 });
  });
  afterAll(async () => {
    await runner1.close();
    await runner2.close();
  });

  it('orders the arms like CheckMate 067 with the calibrated population (200 patients)', () => {
    const [combo, nivo, ipi] = outcome.summaries;
    expect(combo.orr.estimate).toBeGreaterThan(nivo.orr.estimate);
    expect(nivo.orr.estimate).toBeGreaterThan(ipi.orr.estimate);
    expect(combo.pfs.median_day).toBeGreaterThan(nivo.pfs.median_day);
    expect(nivo.pfs.median_day).toBeGreaterThan(ipi.pfs.median_day);
    expect(combo.versusReference!.hazardRatio).toBeLessThan(1);
    for (const s of outcome.summaries) {
      expect(s.n + s.failed).toBe(200);
      expect(s.responses.CR + s.responses.PR + s.responses.SD + s.responses.PD).toBe(s.n);
      expect(s.orr.lower).toBeLessThanOrEqual(s.orr.estimate);
      expect(s.orr.method).toBe('Clopper–Pearson exact');
    }
  });

  it('gives per-patient RECIST readouts identical to assessRecist on the simulated lesion', () => {
    const trial = outcome.trial;
    const scans = [...trial.scanTimes_day];
    for (const p of [0, 7, 19]) {
      trial.arms.forEach((arm, a) => {
        const patient = outcome.screening.patients[p];
        const result = simulate({ ...armScenario(trial, arm, patient, p), outputInterval_day: 1 }, ctx);
        const recist = assessRecist(result.t_day, column(result, 'lesion_diameter'), scans);
        const o = outcome.outcomes[a][p];
        expect(o.bestResponse).toBe(recist.bestResponse);
        expect(o.bestChange_percent).toBeCloseTo(recist.bestChange_percent, 6);
        expect(o.pfsEvent).toBe(recist.progressionTime_day !== undefined);
        expect(o.pfs_day).toBe(recist.progressionTime_day ?? recist.lastScan_day);
      });
    }
  });

  it('is reproducible: the same seed gives the same patients.csv with 1 and 2 workers', async () => {
    const trial = shortTrial({ followUp: '6 months' });
    const a = await runner1.run(trial, ctx, { patients: 8 });
    const b = await runner2.run(trial, ctx, { patients: 8 });
    const csv = patientsCsv(a, ctx);
    expect(patientsCsv(b, ctx)).toBe(csv);
    expect(csv.split('\n')[0]).toMatch(/^patient,candidate,arm,bodyWeight \(kg\),initial_diameter \(mm\),/);
    expect(csv.trim().split('\n')).toHaveLength(1 + 8 * 3);
  });

  it('rejects a patient with an absurd growth rate in the plausibility filter', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'patients.csv'), 'tumor_proliferation_rate (1/day)\n0.08\n0.95\n0.07\n');
    writeFileSync(
      join(dir, 'pop.json'),
      JSON.stringify({ name: 'screen', table: 'patients.csv', plausibility: { untreated: '8 weeks', doublingTime: { min: '8 days', max: '212 days' } } }),
    );
    const pop = loadPopulationFile(join(dir, 'pop.json'), ctx);
    const screened = await runner2.screen(pop, 2);
    expect(screened.patients.map((p) => p.candidate)).toEqual([0, 2]);
    expect(screened.rejected).toBe(1);
    expect(screened.reasons).toEqual({ 'grows too fast': 1 });
    expect(screened.doubling_day[0]).toBeGreaterThan(8);
    expect(screened.doubling_day[0]).toBeLessThan(212);
  });

  it('writes the outputs, plots and a self-contained report', async () => {
    const dir = tmp();
    const files = await writeTrialOutputs(outcome, dir, ctx);
    expect(files).toEqual(expect.arrayContaining(['patients.csv', 'summary.json', 'summary-nivo.json', 'waterfall-ipi.svg', 'spider.svg', 'pfs-km.svg']));
    const html = readFileSync(writeTrialReport(dir), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.results[2].published.orr).toBe(19);
    const check = checkTargets(outcome.summaries, outcome.trial.published!, { orr: 5, medianPfs: 0.35 });
    expect(check.checks).toHaveLength(3);
    expect(Number.isFinite(objective(outcome.summaries, outcome.trial.published!, { orr: 5, medianPfs: 0.35 }, outcome.trial.followUp_day))).toBe(true);
  });
});

describe('tisim trial', () => {
  it('runs a trial file end to end and prints simulated beside published values', async () => {
    const dir = tmp();
    const doc = JSON.parse(readFileSync(CHECKMATE, 'utf8'));
    const file = join(dir, 'trial.json');
    writeFileSync(file, JSON.stringify({ ...doc, population: join(ROOT, 'scenarios/populations', doc.population.split('/').pop()), followUp: '6 months' }));
    const lines: string[] = [];
    const code = await commandTrial([file, '--patients', '6', '--workers', '2', '--out', join(dir, 'out')], (s) => lines.push(s));
    const text = lines.join('\n');
    expect(code).toBe(0);
    expect(text).toMatch(/ORR % \(95% CI\)\s+publ\./);
    expect(text).toMatch(/Nivolumab \+ ipilimumab .* 57\.6 /);
    expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
  });

  it('rejects bad arguments', async () => {
    await expect(commandTrial([], () => {})).rejects.toThrow(/expected one trial file/);
    await expect(commandTrial([CHECKMATE, '--patients', '0'], () => {})).rejects.toThrow(/--patients/);
  });
});
