import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelDefinition, ParameterSpec } from '../src/model/types.js';
import { SCHEMA_PATH, scenarioJsonSchemaText } from '../src/scenario/emitSchema.js';
import { ScenarioValidationError, type ScenarioIssue } from '../src/scenario/errors.js';
import { expandSchedule, loadScenarioFile, resolveScenario } from '../src/scenario/load.js';
import { TherapySchema, type ScenarioFile } from '../src/scenario/schema.js';
import type { PatientArchetype, SimulationContext } from '../src/simulation/context.js';
import { TherapyRegistry, type TherapyModule } from '../src/therapies/types.js';

// A small stand-in for the real model, therapies and archetypes.

function parameter(name: string, value: number, unit: string, min?: number, max?: number): ParameterSpec {
  return { name, value, unit, description: name, source: 'assumed: test', min, max };
}

const model: ModelDefinition = {
  id: 'checkpoint',
  title: 'Test model',
  description: 'Parameters only.',
  states: [],
  inputs: [],
  readouts: [],
  tumorVolumeReadout: 'tumorVolume',
  parameters: [
    parameter('tumorGrowthRate', 0.01, '1/day', 0, 1),
    parameter('initialTumorCells', 1e9, 'cells', 1),
    parameter('tCellKillRate', 1e-9, '1/(cells*day)', 0),
    parameter('pd1Expression', 0.5, 'fraction', 0, 1),
  ],
  initialState: () => undefined,
  createRates: () => () => undefined,
  createReadouts: () => () => undefined,
};

function therapy(drug: string, iuPerMg?: number): TherapyModule {
  return {
    drug,
    therapyClass: 'test',
    description: drug,
    molecularWeight_kDa: 146,
    doseUnits: iuPerMg === undefined ? {} : { iuPerMg },
    parameters: [],
    effects: [],
    pk: {
      compartments: ['central'],
      doseCompartment: 0,
      parameters: [],
      rates: () => undefined,
      concentration_nM: () => 0,
    },
  };
}

const inflamed: PatientArchetype = {
  name: 'inflamed',
  model: 'checkpoint',
  title: 'Inflamed',
  description: 'A hot tumor.',
  bodyWeight: '70 kg',
  parameters: { tumorGrowthRate: '0.01 1/day', initialTumorCells: 1e8 },
};

const otherModelArchetype: PatientArchetype = { ...inflamed, name: 'mouse', model: 'murine' };

const ctx: SimulationContext = {
  models: new Map([['checkpoint', model]]),
  therapies: new TherapyRegistry([therapy('nivolumab'), therapy('ipilimumab'), therapy('aldesleukin', 1.8e7)]),
  archetypes: new Map([
    ['inflamed', inflamed],
    ['mouse', otherModelArchetype],
  ]),
};

const FIXTURES = 'tests/fixtures/scenarios';

function minimal(extra: Partial<ScenarioFile> = {}): ScenarioFile {
  return { name: 'test', duration: '8 weeks', ...extra };
}

function issuesOf(run: () => unknown): ScenarioIssue[] {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioValidationError);
    return [...(err as ScenarioValidationError).issues];
  }
  throw new Error('expected a ScenarioValidationError');
}

/** The single issue a scenario produces, as "path: message". */
function onlyIssue(raw: unknown): string {
  const issues = issuesOf(() => resolveScenario(raw, ctx));
  expect(issues).toHaveLength(1);
  return `${issues[0].path}: ${issues[0].message}`;
}

describe('loading good scenarios', () => {
  it('resolves a JSON file to canonical units', () => {
    const { scenario, warnings } = loadScenarioFile(`${FIXTURES}/nivolumab-q2w.json`, ctx);
    expect(warnings).toEqual([]);
    expect(scenario).toEqual({
      name: 'nivolumab-q2w',
      description: 'Nivolumab 3 mg/kg every two weeks for 12 doses in an inflamed tumor.',
      sourceFile: `${FIXTURES}/nivolumab-q2w.json`,
      model: 'checkpoint',
      patient: {
        archetype: 'inflamed',
        bodyWeight_kg: 80,
        // The archetype's parameters, with the explicit override winning.
        parameters: { tumorGrowthRate: 0.02, initialTumorCells: 1e8 },
      },
      therapies: [
        {
          drug: 'nivolumab',
          doseText: '3 mg/kg',
          dose_mg: 240,
          times_day: [0, 14, 28, 42, 56, 70, 84, 98, 112, 126, 140, 154],
        },
      ],
      duration_day: 364,
      outputInterval_day: 1,
      engine: 'ode',
      seed: 42,
      solver: { relTol: 1e-7, absTol: 1e-6, maxSteps: 100_000 },
    });
  });

  it('loads YAML, converts IU with iuPerMg and warns about doses after the end', () => {
    const { scenario, warnings } = loadScenarioFile(`${FIXTURES}/combo.yaml`, ctx);
    expect(scenario.patient).toEqual({
      bodyWeight_kg: 75,
      parameters: { initialTumorCells: 5e8, tCellKillRate: 2e-9 },
    });
    expect(scenario.therapies).toEqual([
      { drug: 'nivolumab', doseText: '240 mg', dose_mg: 240, times_day: [0, 14, 28, 42, 56] },
      { drug: 'aldesleukin', doseText: '600000 IU/kg', dose_mg: 2.5, times_day: [0, 7, 14] },
    ]);
    expect(scenario.duration_day).toBe(56);
    expect(scenario.outputInterval_day).toBe(0.5);
    expect(warnings).toEqual([
      `${FIXTURES}/combo.yaml: $.therapies[0]: 2 of 7 administrations of nivolumab fall after the end of the simulation (56 days) and are not given`,
    ]);
  });

  it('applies defaults', () => {
    const { scenario, warnings } = resolveScenario(minimal(), ctx);
    expect(warnings).toEqual([]);
    expect(scenario).toEqual({
      name: 'test',
      model: 'checkpoint',
      patient: { bodyWeight_kg: 75, parameters: {} },
      therapies: [],
      duration_day: 56,
      outputInterval_day: 1,
      engine: 'ode',
      seed: 1,
      solver: { relTol: 1e-6, absTol: 1e-6, maxSteps: 100_000 },
    });
  });

  it('uses the archetype body weight unless the scenario gives one', () => {
    const fromArchetype = resolveScenario(minimal({ patient: { archetype: 'inflamed' } }), ctx).scenario;
    expect(fromArchetype.patient.bodyWeight_kg).toBe(70);
    const explicit = resolveScenario(minimal({ patient: { archetype: 'inflamed', bodyWeight: 60 } }), ctx).scenario;
    expect(explicit.patient.bodyWeight_kg).toBe(60);
  });

  it('multiplies per-kg doses by body weight and accepts drug names in any case', () => {
    const { scenario } = resolveScenario(
      minimal({
        patient: { bodyWeight: '60 kg' },
        therapies: [{ drug: 'Ipilimumab', dose: '3 mg/kg', at: ['0 days'] }],
      }),
      ctx,
    );
    expect(scenario.therapies[0]).toEqual({ drug: 'ipilimumab', doseText: '3 mg/kg', dose_mg: 180, times_day: [0] });
  });

  it('returns structured-cloneable data', () => {
    const { scenario } = loadScenarioFile(`${FIXTURES}/combo.yaml`, ctx);
    expect(structuredClone(scenario)).toEqual(scenario);
  });
});

describe('schedule expansion', () => {
  const schedule = (raw: unknown) => expandSchedule(TherapySchema.parse(raw));
  const base = { drug: 'nivolumab', dose: '240 mg' };

  it('expands a number of doses from start', () => {
    expect(schedule({ ...base, every: '3 weeks', doses: 4 })).toEqual([0, 21, 42, 63]);
    expect(schedule({ ...base, start: '1 day', every: '2 weeks', doses: 3 })).toEqual([1, 15, 29]);
  });

  it('needs no interval for a single dose', () => {
    expect(schedule({ ...base, start: '3 days', doses: 1 })).toEqual([3]);
  });

  it('includes the "until" time itself', () => {
    expect(schedule({ ...base, every: '2 weeks', until: '12 weeks' })).toEqual([0, 14, 28, 42, 56, 70, 84]);
    expect(schedule({ ...base, start: '1 day', every: '3 weeks', until: '12 weeks' })).toEqual([1, 22, 43, 64]);
  });

  it('sorts explicit times', () => {
    expect(schedule({ ...base, at: ['2 weeks', 0, '1 week'] })).toEqual([0, 7, 14]);
  });

  it('keeps only doses inside the simulated window, with a warning', () => {
    const { scenario, warnings } = resolveScenario(
      minimal({ duration: '4 weeks', therapies: [{ ...base, every: '3 weeks', doses: 4 }] }),
      ctx,
    );
    expect(scenario.therapies[0].times_day).toEqual([0, 21]);
    expect(warnings).toEqual([
      '<scenario>: $.therapies[0]: 2 of 4 administrations of nivolumab fall after the end of the simulation (28 days) and are not given',
    ]);
  });

  it('warns when a therapy has no dose in the window or a time listed twice', () => {
    const { warnings } = resolveScenario(
      minimal({
        duration: '1 week',
        therapies: [
          { ...base, at: ['2 weeks'] },
          { ...base, at: ['1 day', '1 day'] },
        ],
      }),
      ctx,
    );
    expect(warnings).toEqual([
      '<scenario>: $.therapies[0]: none of the 1 administrations of nivolumab fall within the simulated 7 days',
      '<scenario>: $.therapies[1]: nivolumab is given more than once at 1 days; each listed dose is given',
    ]);
  });
});

describe('reporting problems', () => {
  it('formats each problem as file, JSON path and message', () => {
    const raw = minimal({ therapies: [{ drug: 'nivolumab', dose: '240 mg', doses: 1 }, { drug: 'nivolumab', dose: '3 weeks', doses: 1 }] });
    try {
      resolveScenario(raw, ctx, 'scenarios/x.json');
      throw new Error('expected a ScenarioValidationError');
    } catch (err) {
      expect(err).toBeInstanceOf(ScenarioValidationError);
      const error = err as ScenarioValidationError;
      const line =
        'scenarios/x.json: $.therapies[1].dose: expected a mass or mass per body weight (e.g. "240 mg", "3 mg/kg"), got "3 weeks" (time)';
      expect(error.format()).toBe(line);
      expect(error.message).toBe(line);
      expect(error.issues).toEqual([
        {
          file: 'scenarios/x.json',
          path: '$.therapies[1].dose',
          message: 'expected a mass or mass per body weight (e.g. "240 mg", "3 mg/kg"), got "3 weeks" (time)',
        },
      ]);
    }
  });

  it('reports missing required fields', () => {
    const issues = issuesOf(() => resolveScenario({}, ctx));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '$.name: missing required field "name"',
      '$.duration: missing required field "duration"',
    ]);
    expect(onlyIssue(minimal({ therapies: [{ drug: 'nivolumab', at: [0] } as never] }))).toBe(
      '$.therapies[0].dose: missing required field "dose"',
    );
    expect(onlyIssue(minimal({ therapies: [{ drug: 'nivolumab', dose: '240 mg', doses: 4 }] }))).toBe(
      '$.therapies[0].every: missing required field "every" (needed with "doses": 4)',
    );
  });

  it('reports wrong types', () => {
    expect(onlyIssue({ name: 7, duration: '1 week' })).toBe('$.name: expected a string, got 7');
    expect(onlyIssue(minimal({ duration: true as never }))).toBe(
      '$.duration: expected a quantity such as "52 weeks" (a string) or a number, got true',
    );
    expect(onlyIssue(minimal({ seed: 1.5 }))).toBe('$.seed: expected a whole number, got 1.5');
    expect(onlyIssue(minimal({ therapies: 'nivolumab' as never }))).toBe(
      '$.therapies: expected a list of therapies, got "nivolumab"',
    );
    expect(onlyIssue(minimal({ engine: 'pde' as never }))).toBe('$.engine: expected "ode" or "abm", got "pde"');
    expect(onlyIssue([1, 2])).toBe('$: expected an object with the scenario fields (name, duration, ...), got a list');
  });

  it('reports unknown fields with a suggestion', () => {
    expect(onlyIssue({ ...minimal(), durration: '1 year' })).toBe('$.durration: unknown field "durration"; did you mean "duration"?');
    expect(onlyIssue(minimal({ solver: { tolerance: 1 } as never }))).toBe(
      '$.solver.tolerance: unknown field "tolerance"; allowed fields: relTol, absTol, maxSteps',
    );
  });

  it('reports a unit that does not fit the field', () => {
    expect(onlyIssue(minimal({ duration: '52 mg' }))).toBe(
      '$.duration: expected a duration (e.g. "2 weeks"), got "52 mg" (mass)',
    );
    expect(onlyIssue(minimal({ patient: { bodyWeight: '75 cm' } }))).toBe(
      '$.patient.bodyWeight: expected a mass (e.g. "240 mg"), got "75 cm" (length)',
    );
    expect(onlyIssue(minimal({ patient: { parameters: { tumorGrowthRate: '5e8 cells' } } }))).toBe(
      '$.patient.parameters.tumorGrowthRate: expected a rate per time (e.g. "0.02 1/day"), got "5e8 cells" (cell count)',
    );
  });

  it('lists the known drugs for an unknown drug', () => {
    expect(onlyIssue(minimal({ therapies: [{ drug: 'pembrolizumab', dose: '200 mg', doses: 1 }] }))).toBe(
      '$.therapies[0].drug: unknown drug "pembrolizumab"; known drugs: "aldesleukin", "ipilimumab", "nivolumab"',
    );
    expect(onlyIssue(minimal({ therapies: [{ drug: 'nivolumb', dose: '200 mg', doses: 1 }] }))).toBe(
      '$.therapies[0].drug: unknown drug "nivolumb"; did you mean "nivolumab"? known drugs: "aldesleukin", "ipilimumab", "nivolumab"',
    );
  });

  it('lists the known models for an unknown model', () => {
    expect(onlyIssue(minimal({ model: 'lotka-volterra' }))).toBe(
      '$.model: unknown model "lotka-volterra"; known models: "checkpoint"',
    );
  });

  it('lists the known archetypes for an unknown archetype', () => {
    expect(onlyIssue(minimal({ patient: { archetype: 'cold' } }))).toBe(
      '$.patient.archetype: unknown archetype "cold"; known archetypes: "inflamed", "mouse"',
    );
    expect(onlyIssue(minimal({ patient: { archetype: 'mouse' } }))).toBe(
      '$.patient.archetype: archetype "mouse" is for model "murine", not "checkpoint"',
    );
  });

  it('reports problems inside an archetype at the field that names it', () => {
    const broken: PatientArchetype = {
      ...inflamed,
      name: 'broken',
      bodyWeight: '70 days',
      parameters: { tumorGrowthRate: '5e8 cells', vascularity: 1 },
    };
    const withBroken: SimulationContext = { ...ctx, archetypes: new Map([['broken', broken]]) };
    const issues = issuesOf(() => resolveScenario(minimal({ patient: { archetype: 'broken' } }), withBroken));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '$.patient.archetype: archetype "broken": bodyWeight: expected a mass (e.g. "240 mg"), got "70 days" (time)',
      '$.patient.archetype: archetype "broken": parameter "tumorGrowthRate": expected a rate per time (e.g. "0.02 1/day"), got "5e8 cells" (cell count)',
      '$.patient.archetype: archetype "broken": parameter "vascularity": model "checkpoint" has no parameter "vascularity"; ' +
        'its parameters are: tumorGrowthRate, initialTumorCells, tCellKillRate, pd1Expression',
    ]);
  });

  it('suggests close parameter names, or lists them all', () => {
    expect(onlyIssue(minimal({ patient: { parameters: { tumorGrowthRat: 0.02 } } }))).toBe(
      '$.patient.parameters.tumorGrowthRat: model "checkpoint" has no parameter "tumorGrowthRat"; did you mean "tumorGrowthRate"?',
    );
    expect(onlyIssue(minimal({ patient: { parameters: { vascularity: 0.02 } } }))).toBe(
      '$.patient.parameters.vascularity: model "checkpoint" has no parameter "vascularity"; ' +
        'its parameters are: tumorGrowthRate, initialTumorCells, tCellKillRate, pd1Expression',
    );
  });

  it('refuses parameter values outside their bounds', () => {
    expect(onlyIssue(minimal({ patient: { parameters: { tumorGrowthRate: '2 1/day' } } }))).toBe(
      '$.patient.parameters.tumorGrowthRate: tumorGrowthRate must be between 0 and 1 1/day, got 2 1/day',
    );
    expect(onlyIssue(minimal({ patient: { parameters: { initialTumorCells: 0 } } }))).toBe(
      '$.patient.parameters.initialTumorCells: initialTumorCells must be at least 1 cells, got 0 cells',
    );
  });

  it('refuses zero or negative duration and output interval', () => {
    expect(onlyIssue(minimal({ duration: '0 days' }))).toBe('$.duration: must be greater than zero, got "0 days"');
    expect(onlyIssue(minimal({ duration: -3 }))).toBe('$.duration: must be greater than zero, got -3');
    expect(onlyIssue(minimal({ output: { interval: '0 h' } }))).toBe('$.output.interval: must be greater than zero, got "0 h"');
    expect(onlyIssue(minimal({ output: { interval: '-1 day' } }))).toBe(
      '$.output.interval: must be greater than zero, got "-1 day"',
    );
  });

  it('refuses IU for a drug without a specific activity', () => {
    expect(onlyIssue(minimal({ therapies: [{ drug: 'nivolumab', dose: '1e6 IU', doses: 1 }] }))).toBe(
      '$.therapies[0].dose: nivolumab is dosed by mass: it has no specific activity (iuPerMg) to convert IU; give the dose in mg or mg/kg',
    );
  });

  it('enforces the schedule rules', () => {
    const base = { drug: 'nivolumab', dose: '240 mg' };
    expect(onlyIssue(minimal({ therapies: [base as never] }))).toBe(
      '$.therapies[0]: missing schedule: give one of "doses" (with "every"), "until" (with "every") or "at" (a list of times)',
    );
    expect(onlyIssue(minimal({ therapies: [{ ...base, every: '1 week', doses: 2, until: '4 weeks' }] }))).toBe(
      '$.therapies[0]: "doses" and "until" cannot be combined; give exactly one of "doses", "until" or "at"',
    );
    expect(onlyIssue(minimal({ therapies: [{ ...base, every: '1 week', at: ['0 days'] }] }))).toBe(
      '$.therapies[0].every: "every" cannot be combined with "at" (the "at" times are from the start of the simulation)',
    );
    expect(onlyIssue(minimal({ therapies: [{ ...base, start: '3 weeks', every: '1 week', until: '1 week' }] }))).toBe(
      '$.therapies[0].until: is before "start" (21 days)',
    );
    expect(onlyIssue(minimal({ therapies: [{ ...base, every: '1 s', until: '1 year' }] }))).toBe(
      '$.therapies[0].until: gives 31557600 administrations; at most 10000 are allowed',
    );
    expect(onlyIssue(minimal({ therapies: [{ ...base, at: ['0 days', '-1 day'] }] }))).toBe(
      '$.therapies[0].at[1]: must not be negative, got "-1 day"',
    );
  });

  it('collects every problem in a file, in document order', () => {
    const issues = issuesOf(() => loadScenarioFile(`${FIXTURES}/many-problems.json`, ctx));
    expect(issues.every((i) => i.file === `${FIXTURES}/many-problems.json`)).toBe(true);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      '$.patient.archetype: unknown archetype "inflammed"; did you mean "inflamed"? known archetypes: "inflamed", "mouse"',
      '$.patient.parameters.tumorGrowthRat: model "checkpoint" has no parameter "tumorGrowthRat"; did you mean "tumorGrowthRate"?',
      '$.patient.parameters.initialTumorCells: expected a cell count (e.g. "5e8 cells"), got "3 weeks" (time)',
      '$.patient.parameters.pd1Expression: pd1Expression must be between 0 and 1, got 1.5',
      '$.therapies[1].dose: expected a mass or mass per body weight (e.g. "240 mg", "3 mg/kg"), got "3 weeks" (time)',
      '$.therapies[2].drug: unknown drug "pembrolizumab"; known drugs: "aldesleukin", "ipilimumab", "nivolumab"',
      '$.therapies[3].dose: nivolumab is dosed by mass: it has no specific activity (iuPerMg) to convert IU; give the dose in mg or mg/kg',
      '$.therapies[4].every: missing required field "every" (needed with "doses": 3)',
      '$.duration: must be greater than zero, got "0 days"',
      '$.output.interval: must be greater than zero, got "-1 day"',
      '$.engine: expected "ode" or "abm", got "pde"',
      '$.seed: expected a whole number, got 1.5',
      '$.durration: unknown field "durration"; did you mean "duration"?',
    ]);
  });
});

describe('reading files', () => {
  const problem = (file: string) => {
    const issues = issuesOf(() => loadScenarioFile(file, ctx));
    return issues.map((i) => `${i.file}: ${i.path}: ${i.message}`);
  };

  it('reports a JSON syntax error with line and column', () => {
    expect(problem(`${FIXTURES}/bad-syntax.json`)).toEqual([
      `${FIXTURES}/bad-syntax.json: $: invalid JSON at line 4, column 3: Expected ',' or '}' after property value`,
    ]);
  });

  it('reports YAML errors with line and column', () => {
    expect(problem(`${FIXTURES}/bad-syntax.yaml`)).toEqual([
      `${FIXTURES}/bad-syntax.yaml: $: invalid YAML at line 3, column 1: Map keys must be unique`,
      `${FIXTURES}/bad-syntax.yaml: $: invalid YAML at line 6, column 1: Sequence item without - indicator`,
    ]);
    expect(problem(`${FIXTURES}/two-documents.yaml`)).toEqual([
      `${FIXTURES}/two-documents.yaml: $: invalid YAML at line 3, column 1: the file holds more than one YAML document`,
    ]);
  });

  it('reports empty, missing, unreadable and unsupported files', () => {
    expect(problem(`${FIXTURES}/empty.json`)).toEqual([`${FIXTURES}/empty.json: $: the file is empty`]);
    expect(problem(`${FIXTURES}/no-such-file.yaml`)).toEqual([
      `${FIXTURES}/no-such-file.yaml: $: cannot read the file: file not found`,
    ]);
    expect(problem(`${FIXTURES}/directory.json`)).toEqual([
      `${FIXTURES}/directory.json: $: cannot read the file: is a directory, not a file`,
    ]);
    expect(problem(`${FIXTURES}/scenario.toml`)).toEqual([
      `${FIXTURES}/scenario.toml: $: unsupported file type ".toml"; use .json, .yaml or .yml`,
    ]);
  });
});

describe('scenarios/scenario.schema.json', () => {
  it('matches the zod schema (regenerate with: npx tsx src/scenario/emitSchema.ts)', () => {
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
