import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSynergy, fitHill, hillEffect, hillInverse, isobologram, type DoseResponseSurface } from '../src/analysis/synergy.js';
import { commandSynergy, parseDoseList, responseSurface } from '../src/cli/synergyCommand.js';
import { commandPlot } from '../src/cli/plotCommand.js';
import { UsageError } from '../src/cli/errors.js';

type Hill = { emax: number; ec50: number; hill: number };

const DOSES_A = [0, 0.1, 0.3, 1, 3, 10];
const DOSES_B = [0, 0.3, 1, 3, 10, 30];

/** A surface from a rule for combination cells; the axes are always the single-agent curves. */
function surface(a: Hill, b: Hill, combo: (da: number, db: number) => number, dosesA = DOSES_A, dosesB = DOSES_B): DoseResponseSurface {
  return {
    dosesA,
    dosesB,
    effect: dosesA.map((da) => dosesB.map((db) => (da === 0 ? hillEffect(b, db) : db === 0 ? hillEffect(a, da) : combo(da, db)))),
  };
}

const interior = (cells: ReturnType<typeof analyzeSynergy>['cells']) => cells.filter((c) => c.doseA > 0 && c.doseB > 0);

describe('Hill fit', () => {
  it('recovers the parameters of an exact Hill curve', () => {
    const truth = { emax: 0.8, ec50: 2, hill: 1.7 };
    const doses = [0, 0.25, 0.5, 1, 2, 4, 8, 16];
    const fit = fitHill(doses, doses.map((d) => hillEffect(truth, d)));
    expect(fit.emax).toBeCloseTo(0.8, 6);
    expect(fit.ec50).toBeCloseTo(2, 5);
    expect(fit.hill).toBeCloseTo(1.7, 5);
    expect(fit.rmse).toBeLessThan(1e-8);
    expect(hillInverse(fit, hillEffect(truth, 3))).toBeCloseTo(3, 5);
    expect(hillInverse(fit, 0.85)).toBeNaN();
  });

  it('fixes the slope at 1 with only two positive doses', () => {
    const truth = { emax: 1, ec50: 1, hill: 1 };
    const fit = fitHill([0, 1, 3], [0, hillEffect(truth, 1), hillEffect(truth, 3)]);
    expect(fit.fixed).toEqual(['hill']);
    expect(fit.ec50).toBeCloseTo(1, 5);
  });
});

describe('synergy scores on synthetic surfaces', () => {
  it('a Bliss-independent surface has Bliss excess ≈ 0 everywhere', () => {
    const a = { emax: 0.9, ec50: 1, hill: 1.2 };
    const b = { emax: 0.7, ec50: 4, hill: 2 };
    const res = analyzeSynergy(surface(a, b, (da, db) => {
      const ea = hillEffect(a, da);
      const eb = hillEffect(b, db);
      return ea + eb - ea * eb;
    }));
    for (const c of interior(res.cells)) expect(Math.abs(c.blissExcess)).toBeLessThan(1e-12);
    expect(res.summary.bliss).toBe('additive');
    expect(res.cells.filter((c) => c.doseA === 0 || c.doseB === 0).every((c) => Number.isNaN(c.blissExcess))).toBe(true);
  });

  it('a sham combination (one drug split in two) is Loewe-additive: CI ≈ 1 in every interior cell', () => {
    // B is A at a third of the potency: same Emax and slope, EC50 three times higher.
    const a = { emax: 0.95, ec50: 1, hill: 1.5 };
    const b = { emax: 0.95, ec50: 3, hill: 1.5 };
    const res = analyzeSynergy(surface(a, b, (da, db) => hillEffect(a, da + db / 3)));
    const cis = interior(res.cells).map((c) => c.combinationIndex);
    expect(cis).toHaveLength(25);
    for (const ci of cis) expect(Math.abs(ci - 1)).toBeLessThan(1e-8);
    expect(res.summary.loewe).toBe('additive');
    expect(res.summary.ciUndefined).toBe(0);
  });

  it('a synergistic surface has Bliss > 0 and CI < 1 (here exactly 1/4)', () => {
    // Every combination is four times as potent as the dose-equivalent sum.
    const a = { emax: 1, ec50: 1, hill: 1 };
    const b = { emax: 1, ec50: 2, hill: 1 };
    const dosesA = [0, 0.25, 0.5, 1, 2, 4];
    const dosesB = [0, 0.5, 1, 2, 4, 8];
    const res = analyzeSynergy(surface(a, b, (da, db) => hillEffect(a, 4 * (da + db / 2)), dosesA, dosesB));
    for (const c of interior(res.cells)) {
      expect(c.blissExcess).toBeGreaterThan(0);
      expect(c.hsaExcess).toBeGreaterThan(0);
      expect(c.combinationIndex).toBeCloseTo(0.25, 8);
    }
    expect(res.summary.loewe).toBe('synergy');
    expect(res.summary.blissMax).toBeGreaterThan(0.1);
  });

  it('an antagonistic surface has Bliss < 0 and CI > 1 (here exactly 2)', () => {
    const a = { emax: 1, ec50: 1, hill: 1 };
    const b = { emax: 1, ec50: 2, hill: 1 };
    const res = analyzeSynergy(surface(a, b, (da, db) => hillEffect(a, 0.5 * (da + db / 2))));
    for (const c of interior(res.cells)) {
      expect(c.blissExcess).toBeLessThan(0);
      expect(c.combinationIndex).toBeCloseTo(2, 8);
    }
    expect(res.summary.bliss).toBe('antagonism');
    expect(res.summary.loewe).toBe('antagonism');
  });

  it('HSA excess is the gain over the better single agent', () => {
    const res = analyzeSynergy({ dosesA: [0, 1], dosesB: [0, 1], effect: [[0, 0.5], [0.3, 0.6]] });
    const cell = res.cells.find((c) => c.doseA === 1 && c.doseB === 1)!;
    expect(cell.hsaExcess).toBeCloseTo(0.1, 12);
    expect(cell.blissExcess).toBeCloseTo(0.6 - 0.65, 12);
    expect(res.summary.hsaMax).toBeCloseTo(0.1, 12);
    expect(res.summary.hsaMaxAt).toEqual({ doseA: 1, doseB: 1 });
  });

  it('CI is NaN where the effect exceeds a single agent’s Emax', () => {
    const a = { emax: 0.9, ec50: 1, hill: 1 };
    const b = { emax: 0.4, ec50: 1, hill: 1 };
    const res = analyzeSynergy(surface(a, b, (da, db) => {
      const ea = hillEffect(a, da);
      const eb = hillEffect(b, db);
      return ea + eb - ea * eb;
    }));
    const beyond = interior(res.cells).filter((c) => c.effect > 0.41);
    expect(beyond.length).toBeGreaterThan(0);
    for (const c of beyond) expect(c.combinationIndex).toBeNaN();
    expect(res.summary.ciUndefined).toBe(beyond.length);
  });

  it('rejects a grid without the zero dose', () => {
    expect(() => analyzeSynergy({ dosesA: [1, 2], dosesB: [0, 1], effect: [[0, 0], [0, 0]] })).toThrow(/start at 0/);
  });
});

describe('isobologram', () => {
  const a = { emax: 0.95, ec50: 1, hill: 1.5 };
  const b = { emax: 0.95, ec50: 3, hill: 1.5 };

  it('the observed 50% isobole of a sham combination lies on the additive line', () => {
    const res = analyzeSynergy(surface(a, b, (da, db) => hillEffect(a, da + db / 3)));
    const iso = isobologram(res, 0.5);
    const ax = 1 * (0.5 / 0.45) ** (1 / 1.5);
    expect(iso.singleA).toBeCloseTo(ax, 4);
    expect(iso.singleB).toBeCloseTo(3 * ax, 4);
    expect(iso.additive).toHaveLength(2);
    expect(iso.observed.length).toBeGreaterThanOrEqual(4);
    // Interpolating between grid doses (×3 apart) costs a few percent.
    for (const p of iso.observed) expect(Math.abs(p.doseA / iso.singleA + p.doseB / iso.singleB - 1)).toBeLessThan(0.1);
  });

  it('a synergistic isobole bows below the additive line', () => {
    // Greco-style interaction term, continuous at the axes: on the diagonal the isobole sits at 1/3 of additivity.
    const res = analyzeSynergy(surface(a, b, (da, db) => hillEffect(a, da + db / 3 + 4 * Math.sqrt((da * db) / 3))));
    const iso = isobologram(res, 0.5);
    const sums = iso.observed.filter((p) => p.doseA > 0 && p.doseB > 0).map((p) => p.doseA / iso.singleA + p.doseB / iso.singleB);
    expect(sums.length).toBeGreaterThan(2);
    for (const s of sums) expect(s).toBeLessThan(1);
    expect(Math.min(...sums)).toBeLessThan(0.5);
  });

  it('has no additive line when a single agent cannot reach the level', () => {
    const weak = { emax: 0.3, ec50: 1, hill: 1 };
    const res = analyzeSynergy(surface(a, weak, (da, db) => hillEffect(a, da) + 0.1 * hillEffect(weak, db)));
    const iso = isobologram(res, 0.5);
    expect(iso.singleB).toBeNaN();
    expect(iso.additive).toEqual([]);
  });
});

describe('tisim synergy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tisim-synergy-'));
  const scenarioFile = join(dir, 'combo.json');
  writeFileSync(
    scenarioFile,
    JSON.stringify({
      name: 'combo',
      therapies: [
        { drug: 'nivolumab', dose: '3 mg/kg', every: '2 weeks', until: '6 weeks' },
        { drug: 'ipilimumab', dose: '3 mg/kg', every: '3 weeks', doses: 2 },
      ],
      duration: '8 weeks',
    }),
  );

  it('reads dose lists with one unit and adds the zero dose when missing', () => {
    expect(parseDoseList('0,0.3,1,3,10 mg/kg')).toEqual({ amounts: [0, 0.3, 1, 3, 10], unit: 'mg/kg' });
    expect(parseDoseList('1, 3 mg/kg, 10 mg/kg')).toEqual({ amounts: [1, 3, 10], unit: 'mg/kg' });
    expect(parseDoseList('240,480')).toEqual({ amounts: [240, 480], unit: 'mg' });
    expect(() => parseDoseList('1 mg/kg, 3 mg')).toThrow(/one unit/);
    expect(() => parseDoseList('-1 mg')).toThrow(/0 or more/);
    expect(() => parseDoseList('1 weeks')).toThrow(UsageError);
  });

  it('response is the tumor reduction versus the (0, 0) run, clipped to [0, 1]', () => {
    const r = responseSurface([[100, 80], [50, 120]]);
    [[0, 0.2], [0.5, 0]].forEach((row, i) => row.forEach((v, j) => expect(r[i][j]).toBeCloseTo(v, 12)));
  });

  it('runs a dose grid, writes synergy.csv, charts and report.html, and prints a table', async () => {
    const out = join(dir, 'out');
    const lines: string[] = [];
    const code = await commandSynergy(
      [scenarioFile, '--a', 'nivolumab', '--b', 'ipilimumab', '--doses-a', '1,3 mg/kg', '--doses-b', '0,1,3 mg/kg', '--day', '6 weeks', '--out', out, '--workers', '1'],
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    const text = lines.join('\n');
    expect(text).toMatch(/3 × 3 = 9 runs to day 42/);
    expect(text).toMatch(/Bliss excess: mean/);
    expect(text).toMatch(/Loewe CI:/);
    const csv = readFileSync(join(out, 'synergy.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('nivolumab dose (mg/kg),ipilimumab dose (mg/kg),tumor_volume (mm^3),response,bliss_excess,hsa_excess,combination_index,status');
    expect(csv).toHaveLength(10);
    expect(csv[1]).toMatch(/^0,0,[0-9.]+,0,,,,ok$/);
    for (const f of ['response.svg', 'bliss-excess.svg', 'hsa-excess.svg', 'combination-index.svg', 'isobologram.svg']) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^<svg/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect((html.match(/<svg\b/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toContain('Bliss excess is the combination');
    const meta = JSON.parse(readFileSync(join(out, 'synergy.json'), 'utf8'));
    expect(meta.a).toMatchObject({ drug: 'nivolumab', unit: 'mg/kg', doses: [0, 1, 3], doses_mg: [0, 75, 225] });
    expect(meta.day).toBe(42);

    // tisim plot re-scores the folder from its files and renders the same page.
    rmSync(join(out, 'report.html'));
    expect(await commandPlot([out], () => {})).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(html);
  });

  it('explains what is wrong with the arguments (exit 2)', async () => {
    const run = (...args: string[]) => commandSynergy([scenarioFile, ...args], () => {});
    await expect(run('--a', 'nivolumab', '--b', 'relatlimab')).rejects.toThrow(/no relatlimab therapy/);
    await expect(run('--a', 'nivolumab', '--b', 'nivolumab')).rejects.toThrow(/different drugs/);
    await expect(run('--a', 'nivolumab')).rejects.toThrow(UsageError);
    await expect(run('--a', 'nivolumab', '--b', 'ipilimumab', '--day', '20 weeks')).rejects.toThrow(/--day must be within/);
    await expect(run('--a', 'nivolumab', '--b', 'ipilimumab', '--level', '150%')).rejects.toThrow(/--level/);
  });
});
