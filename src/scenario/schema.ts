/**
 * The scenario file format (JSON or YAML), as a zod schema. Checks that need
 * no registry (shapes, unit kinds, signs, schedule rules) happen here; names
 * of models, drugs, archetypes and parameters are checked in load.ts.
 *
 * Quantity fields accept a string with units ("2 weeks") or a bare number in
 * the canonical unit, and come out of parsing as numbers in that unit.
 */
import { z } from 'zod';
import { parseQuantity, QuantityError, readDose, type DoseAmount } from '../units/quantity.js';
import { closeMatches } from '../units/suggest.js';
import { DEFAULT_BODY_WEIGHT_KG, DEFAULT_SOLVER_OPTIONS } from './types.js';

export const DEFAULT_MODEL = 'checkpoint';
export const DEFAULT_OUTPUT_INTERVAL = '1 day';
/** Upper bound on administrations per therapy, so a typo cannot build a huge schedule. */
export const MAX_ADMINISTRATIONS = 10_000;

type Sign = 'any' | 'positive' | 'nonNegative';

function signProblem(value: number, sign: Sign): string | undefined {
  if (sign === 'positive' && !(value > 0)) return 'must be greater than zero';
  if (sign === 'nonNegative' && !(value >= 0)) return 'must not be negative';
  return undefined;
}

function quantityInput(description: string, examples: readonly string[]) {
  return z
    .union([z.string(), z.number()], {
      error: `expected a quantity such as "${examples[0]}" (a string) or a number`,
    })
    .meta({ description, examples: [...examples] });
}

/** A quantity field converted to `unit`. */
function quantity(unit: string, sign: Sign, description: string, examples: readonly string[]) {
  return quantityInput(description, examples).transform((value, ctx) => {
    try {
      const converted = parseQuantity(value, unit);
      const problem = signProblem(converted, sign);
      if (problem === undefined) return converted;
      ctx.issues.push({ code: 'custom', message: `${problem}, got ${JSON.stringify(value)}`, input: value });
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: value });
    }
    return z.NEVER;
  });
}

/** Administrations at start, start + every, ... up to and including `until` (all in days). */
export function administrationsUntil(start_day: number, every_day: number, until_day: number): number {
  // The small slack keeps "12 weeks" every "2 weeks" at 7 doses despite float noise.
  return Math.floor((until_day - start_day) / every_day + 1e-9) + 1;
}

export interface DoseInput extends DoseAmount {
  /** The dose as written, e.g. "3 mg/kg". */
  readonly text: string;
}

const DoseSchema = quantityInput(
  'Amount given at each administration: a mass ("240 mg", "1 g", "500 mcg"), a mass per kg of ' +
    'body weight ("3 mg/kg"), or International Units ("1e6 IU", "600000 IU/kg") for drugs that ' +
    'define a specific activity. A bare number is mg.',
  ['240 mg', '3 mg/kg', '600000 IU/kg'],
).transform((value, ctx): DoseInput => {
  try {
    const dose = readDose(value);
    if (dose.amount > 0) return { ...dose, text: String(value) };
    ctx.issues.push({ code: 'custom', message: `must be greater than zero, got ${JSON.stringify(value)}`, input: value });
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    ctx.issues.push({ code: 'custom', message: err.message, input: value });
  }
  return z.NEVER;
});

export const TherapySchema = z
  .strictObject({
    drug: z
      .string()
      .min(1, 'must not be empty')
      .describe('Drug name as registered, lower case, e.g. "nivolumab".'),
    dose: DoseSchema,
    start: quantity(
      'day',
      'nonNegative',
      'Time of the first administration, from the start of the simulation. Default "0 days". ' +
        'Not used with "at".',
      ['0 days', '1 day', '2 weeks'],
    ).optional(),
    every: quantity(
      'day',
      'positive',
      'Interval between administrations. Required with "doses" (unless 1) and with "until".',
      ['2 weeks', '3 weeks', '21 days'],
    ).optional(),
    doses: z
      .int('expected a whole number of administrations')
      .min(1, 'must be at least 1')
      .max(MAX_ADMINISTRATIONS, `must be at most ${MAX_ADMINISTRATIONS}`)
      .optional()
      .describe('Number of administrations. Give exactly one of "doses", "until" or "at".'),
    until: quantity(
      'day',
      'nonNegative',
      'Give administrations every "every" from "start" up to and including this time. ' +
        'Give exactly one of "doses", "until" or "at".',
      ['12 weeks', '1 year'],
    ).optional(),
    at: z
      .array(
        quantity('day', 'nonNegative', 'Time of one administration.', ['0 days', '2 weeks']),
        { error: 'expected a list of times, e.g. ["0 days", "2 weeks"]' },
      )
      .min(1, 'must list at least one time')
      .max(MAX_ADMINISTRATIONS, `must list at most ${MAX_ADMINISTRATIONS} times`)
      .optional()
      .describe(
        'Explicit administration times from the start of the simulation. ' +
          'Give exactly one of "doses", "until" or "at".',
      ),
  })
  .superRefine((therapy, ctx) => {
    const schedules = (['doses', 'until', 'at'] as const).filter((key) => therapy[key] !== undefined);
    if (schedules.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message:
          'missing schedule: give one of "doses" (with "every"), "until" (with "every") or "at" (a list of times)',
      });
    } else if (schedules.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `${schedules.map((s) => `"${s}"`).join(' and ')} cannot be combined; give exactly one of "doses", "until" or "at"`,
      });
    }
    const needsEvery = therapy.until !== undefined || (therapy.doses !== undefined && therapy.doses > 1);
    if (needsEvery && therapy.every === undefined) {
      const why = therapy.until !== undefined ? '"until"' : `"doses": ${therapy.doses}`;
      ctx.addIssue({ code: 'custom', path: ['every'], message: `missing required field "every" (needed with ${why})` });
    }
    if (therapy.at !== undefined) {
      for (const key of ['every', 'start'] as const) {
        if (therapy[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `"${key}" cannot be combined with "at" (the "at" times are from the start of the simulation)`,
          });
        }
      }
    }
    const start = therapy.start ?? 0;
    if (therapy.until !== undefined && therapy.until < start) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: `is before "start" (${start} days)` });
    } else if (therapy.until !== undefined && therapy.every !== undefined) {
      const count = administrationsUntil(start, therapy.every, therapy.until);
      if (count > MAX_ADMINISTRATIONS) {
        ctx.addIssue({
          code: 'custom',
          path: ['until'],
          message: `gives ${count} administrations; at most ${MAX_ADMINISTRATIONS} are allowed`,
        });
      }
    }
  })
  .describe('One drug on one schedule. Give exactly one of "doses", "until" or "at".');

export const PatientSchema = z
  .strictObject({
    archetype: z
      .string()
      .min(1, 'must not be empty')
      .optional()
      .describe('Name of a patient archetype to start from; its parameters are applied first.'),
    bodyWeight: quantity(
      'kg',
      'positive',
      `Body weight, for per-kg doses. Default: the archetype's, else ${DEFAULT_BODY_WEIGHT_KG} kg. A bare number is kg.`,
      ['75 kg', '20 g'],
    ).optional(),
    parameters: z
      .record(
        z.string(),
        quantityInput('Value with units, or a bare number in the parameter\'s canonical unit.', [
          '0.02 1/day',
          '5e8 cells',
        ]),
        { error: 'expected an object of parameter names and values' },
      )
      .optional()
      .describe(
        'Model parameter overrides by name, e.g. { "tumorGrowthRate": "0.02 1/day" }. ' +
          'These win over the archetype. A bare number is in the parameter\'s canonical unit.',
      ),
  })
  .describe('The simulated patient.');

export const OutputSchema = z
  .strictObject({
    interval: quantity('day', 'positive', 'Time between output samples. Default "1 day".', ['1 day', '6 hours'])
      .optional(),
  })
  .describe('What to record.');

export const SolverSchema = z
  .strictObject({
    relTol: z
      .number()
      .positive('must be greater than zero')
      .max(1, 'must be at most 1')
      .optional()
      .describe(`Relative tolerance of the ODE solver. Default ${DEFAULT_SOLVER_OPTIONS.relTol}.`),
    absTol: z
      .number()
      .positive('must be greater than zero')
      .optional()
      .describe(`Absolute tolerance of the ODE solver. Default ${DEFAULT_SOLVER_OPTIONS.absTol}.`),
    maxSteps: z
      .int('expected a whole number')
      .positive('must be greater than zero')
      .optional()
      .describe(
        `Step limit for each integration segment between doses. Default ${DEFAULT_SOLVER_OPTIONS.maxSteps}.`,
      ),
  })
  .describe('ODE solver settings.');

export const ScenarioFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of scenario.schema.json, for editor support.'),
    name: z.string().min(1, 'must not be empty').describe('Short name of the scenario, e.g. "nivolumab-q2w".'),
    description: z.string().optional().describe('What the scenario is about.'),
    model: z
      .string()
      .min(1, 'must not be empty')
      .default(DEFAULT_MODEL)
      .describe(`Model to simulate. Default "${DEFAULT_MODEL}".`),
    patient: PatientSchema.optional(),
    therapies: z
      .array(TherapySchema, { error: 'expected a list of therapies' })
      .default([])
      .describe('Drugs and schedules. Default: none (untreated).'),
    duration: quantity('day', 'positive', 'Simulated time from the first day.', ['52 weeks', '1 year', '365 days']),
    output: OutputSchema.optional(),
    engine: z
      .enum(['ode', 'abm'], { error: 'expected "ode" or "abm"' })
      .default('ode')
      .describe('Simulation engine: "ode" (deterministic) or "abm" (agent-based). Default "ode".'),
    seed: z
      .int('expected a whole number')
      .default(1)
      .describe('Random seed for the agent-based engine. Default 1.'),
    solver: SolverSchema.optional(),
    abm: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Agent-based engine settings (engine "abm"): grid (voxels per side), voxel ("20 um"), step ("6 hours"), ' +
          'tumorCells, snapshots (times), frameInterval, geometry ("disc" | "scattered"), and tuning options; see README.',
      ),
  })
  .describe('A tumor-immune simulation scenario.');

/** A scenario file as written (what authors and editors see). */
export type ScenarioFile = z.input<typeof ScenarioFileSchema>;
/** A scenario file after shape and unit checks; quantities are numbers in canonical units. */
export type ParsedScenarioFile = z.output<typeof ScenarioFileSchema>;
export type ParsedTherapy = z.output<typeof TherapySchema>;

/** Field names allowed in each object of the format, for "did you mean" messages. */
export function allowedKeys(path: readonly PropertyKey[]): readonly string[] | undefined {
  const shape = path.map((segment) => (typeof segment === 'number' ? '[]' : String(segment))).join('.');
  switch (shape) {
    case '': return Object.keys(ScenarioFileSchema.shape);
    case 'patient': return Object.keys(PatientSchema.shape);
    case 'therapies.[]': return Object.keys(TherapySchema.shape);
    case 'output': return Object.keys(OutputSchema.shape);
    case 'solver': return Object.keys(SolverSchema.shape);
    default: return undefined;
  }
}

/** A schema problem ready to report: path segments and a message for people. */
export interface SchemaProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { parent: unknown; value: unknown } {
  let parent: unknown = undefined;
  let value: unknown = root;
  for (const segment of path) {
    parent = value;
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  return { parent, value };
}

/** A short rendering of a JSON value for messages: "abc", 42, null, a list, an object. */
export function showValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

const EXPECTED_TYPES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** Turns one zod issue into messages that name the field and what was wrong with it. */
export function describeSchemaIssue(issue: z.core.$ZodIssue, raw: unknown): SchemaProblem[] {
  const path = issue.path;
  const { parent, value } = valueAt(raw, path);
  const isMissing = value === undefined && path.length > 0 && parent !== null && typeof parent === 'object';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path) ?? [];
      return issue.keys.map((key) => {
        const near = closeMatches(key, allowed, 2);
        const hint = near.length > 0
          ? `did you mean ${near.map((k) => `"${k}"`).join(' or ')}?`
          : `allowed fields: ${allowed.join(', ')}`;
        return { path: [...path, key], message: `unknown field "${key}"; ${hint}` };
      });
    }
    case 'invalid_type':
    case 'invalid_union': {
      if (isMissing) return [{ path, message: `missing required field "${String(path[path.length - 1])}"` }];
      if (issue.code === 'invalid_union') return [{ path, message: `${issue.message}, got ${showValue(value)}` }];
      if (path.length === 0) {
        return [{ path, message: `expected an object with the scenario fields (name, duration, ...), got ${showValue(value)}` }];
      }
      const expected = EXPECTED_TYPES[issue.expected] ?? issue.expected;
      const custom = issue.message.startsWith('Invalid input') ? `expected ${expected}` : issue.message;
      return [{ path, message: `${custom}, got ${showValue(value)}` }];
    }
    case 'invalid_value':
      return [{ path, message: `${issue.message}, got ${showValue(value)}` }];
    case 'too_small':
    case 'too_big':
      return [{ path, message: typeof value === 'number' ? `${issue.message}, got ${value}` : issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}
