/**
 * Scenario objects → a validated ResolvedScenario in canonical units. Every
 * problem found is reported at once, each with its JSON path, so one pass
 * shows everything to fix. No file or Node access here: the browser page
 * validates scenarios with this module too (load.ts adds reading files).
 */
import { AbmSectionError, parseAbmSection } from '../engines/abm/scenarioSection.js';
import type { AbmScenarioOptions } from '../engines/abm/options.js';
import type { ModelDefinition, ParameterSpec } from '../model/types.js';
import type { PatientArchetype, SimulationContext } from '../simulation/context.js';
import type { TherapyModule } from '../therapies/types.js';
import { doseToMg, parseQuantity, QuantityError, readDose, roundSignificant } from '../units/quantity.js';
import { isDimensionlessUnitName } from '../units/kinds.js';
import { closeMatches } from '../units/suggest.js';
import { jsonPath, ScenarioValidationError, type PathSegment, type ScenarioIssue } from './errors.js';
import {
  DEFAULT_MODEL,
  DEFAULT_OUTPUT_INTERVAL,
  administrationsUntil,
  describeSchemaIssue,
  ScenarioFileSchema,
  type ParsedScenarioFile,
  type ParsedTherapy,
} from './schema.js';
import {
  DEFAULT_BODY_WEIGHT_KG,
  DEFAULT_SOLVER_OPTIONS,
  type ResolvedDosing,
  type ResolvedScenario,
} from './types.js';

export interface LoadedScenario {
  readonly scenario: ResolvedScenario;
  /** Things that are allowed but probably not meant, e.g. doses after the end of the simulation. */
  readonly warnings: string[];
}

/** File name used in messages for scenarios that did not come from a file. */
export const INLINE_SOURCE = '<scenario>';

type Report = (path: readonly PathSegment[], message: string) => void;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isQuantityValue(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** `unknown drug "x"; did you mean "y"?` or `...; known drugs: a, b`. */
function unknownName(what: string, name: string, known: readonly string[], plural: string, note = ''): string {
  const subject = `unknown ${what} "${name}"${note}`;
  if (known.length === 0) return `${subject}; no ${plural} are defined`;
  const near = closeMatches(name, known, 3);
  const hint = near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? ` : '';
  return `${subject}; ${hint}known ${plural}: ${quoteList(known)}`;
}

function formatBound(value: number, unit: string): string {
  return isDimensionlessUnitName(unit) ? String(value) : `${value} ${unit}`;
}

/** A parameter value converted to its canonical unit and checked against its bounds. */
function convertParameter(model: ModelDefinition, name: string, value: string | number): number {
  const spec: ParameterSpec | undefined = model.parameters.find((p) => p.name === name);
  if (spec === undefined) {
    const known = model.parameters.map((p) => p.name);
    const near = closeMatches(name, known, 3);
    const hint = near.length > 0
      ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
      : `its parameters are: ${known.join(', ')}`;
    throw new QuantityError(`model "${model.id}" has no parameter "${name}"; ${hint}`);
  }
  const converted = parseQuantity(value, spec.unit);
  const tooLow = spec.min !== undefined && converted < spec.min;
  const tooHigh = spec.max !== undefined && converted > spec.max;
  if (tooLow || tooHigh) {
    const range =
      spec.min !== undefined && spec.max !== undefined
        ? `between ${spec.min} and ${formatBound(spec.max, spec.unit)}`
        : spec.min !== undefined
          ? `at least ${formatBound(spec.min, spec.unit)}`
          : `at most ${formatBound(spec.max!, spec.unit)}`;
    throw new QuantityError(`${name} must be ${range}, got ${formatBound(converted, spec.unit)}`);
  }
  return converted;
}

function messageOf(err: unknown): string {
  if (err instanceof QuantityError) return err.message;
  throw err;
}

/** What the registry-dependent checks learned, for assembling the result. */
interface References {
  model?: ModelDefinition;
  archetype?: PatientArchetype;
  archetypeBodyWeight_kg?: number;
  parameters: Record<string, number>;
  modules: (TherapyModule | undefined)[];
}

function checkModel(root: Record<string, unknown>, ctx: SimulationContext, report: Report): ModelDefinition | undefined {
  const name = root.model === undefined ? DEFAULT_MODEL : root.model;
  if (typeof name !== 'string' || name === '') return undefined;
  const model = ctx.models.get(name);
  if (model === undefined) {
    const known = [...ctx.models.keys()].sort();
    const note = root.model === undefined ? ' (the default; set "model")' : '';
    report(['model'], unknownName('model', name, known, 'models', note));
  }
  return model;
}

function checkArchetype(
  patient: Record<string, unknown>,
  model: ModelDefinition | undefined,
  ctx: SimulationContext,
  refs: References,
  report: Report,
): void {
  const name = patient.archetype;
  if (typeof name !== 'string' || name === '') return;
  const path = ['patient', 'archetype'];
  const archetype = ctx.archetypes.get(name);
  if (archetype === undefined) {
    report(path, unknownName('archetype', name, [...ctx.archetypes.keys()].sort(), 'archetypes'));
    return;
  }
  refs.archetype = archetype;
  if (archetype.bodyWeight !== undefined) {
    try {
      const bodyWeight_kg = parseQuantity(archetype.bodyWeight, 'kg');
      if (bodyWeight_kg > 0) refs.archetypeBodyWeight_kg = bodyWeight_kg;
      else report(path, `archetype "${name}": bodyWeight must be greater than zero, got "${archetype.bodyWeight}"`);
    } catch (err) {
      report(path, `archetype "${name}": bodyWeight: ${messageOf(err)}`);
    }
  }
  if (model === undefined) return;
  if (archetype.model !== model.id) {
    report(path, `archetype "${name}" is for model "${archetype.model}", not "${model.id}"`);
    return;
  }
  for (const [parameter, value] of Object.entries(archetype.parameters)) {
    try {
      refs.parameters[parameter] = convertParameter(model, parameter, value);
    } catch (err) {
      report(path, `archetype "${name}": parameter "${parameter}": ${messageOf(err)}`);
    }
  }
}

function checkParameters(
  patient: Record<string, unknown>,
  model: ModelDefinition | undefined,
  refs: References,
  report: Report,
): void {
  if (model === undefined || !isRecord(patient.parameters)) return;
  for (const [name, value] of Object.entries(patient.parameters)) {
    if (!isQuantityValue(value)) continue; // the schema already reported it
    try {
      refs.parameters[name] = convertParameter(model, name, value);
    } catch (err) {
      report(['patient', 'parameters', name], messageOf(err));
    }
  }
}

function checkTherapies(root: Record<string, unknown>, ctx: SimulationContext, refs: References, report: Report): void {
  if (!Array.isArray(root.therapies)) return;
  root.therapies.forEach((therapy: unknown, i) => {
    refs.modules[i] = undefined;
    if (!isRecord(therapy) || typeof therapy.drug !== 'string' || therapy.drug === '') return;
    const module = ctx.therapies.get(therapy.drug);
    if (module === undefined) {
      report(['therapies', i, 'drug'], unknownName('drug', therapy.drug, ctx.therapies.drugs(), 'drugs'));
      return;
    }
    refs.modules[i] = module;
    if (!isQuantityValue(therapy.dose)) return;
    let usesIU: boolean;
    try {
      usesIU = readDose(therapy.dose).unit === 'IU';
    } catch {
      return; // the schema already reported it
    }
    if (usesIU && !((module.doseUnits.iuPerMg ?? 0) > 0)) {
      report(
        ['therapies', i, 'dose'],
        `${module.drug} is dosed by mass: it has no specific activity (iuPerMg) to convert IU; give the dose in mg or mg/kg`,
      );
    }
  });
}

/** Checks everything that needs the context: model, archetype, parameter names and units, drugs. */
function checkReferences(raw: unknown, ctx: SimulationContext, report: Report): References {
  const refs: References = { parameters: {}, modules: [] };
  if (!isRecord(raw)) return refs;
  refs.model = checkModel(raw, ctx, report);
  if (isRecord(raw.patient)) {
    checkArchetype(raw.patient, refs.model, ctx, refs, report);
    checkParameters(raw.patient, refs.model, refs, report);
  }
  checkTherapies(raw, ctx, refs, report);
  return refs;
}

/** All administration times of one therapy, ascending, in days. */
export function expandSchedule(therapy: ParsedTherapy): number[] {
  if (therapy.at !== undefined) return [...therapy.at].sort((a, b) => a - b);
  const start = therapy.start ?? 0;
  const every = therapy.every ?? 0;
  const count = therapy.doses ?? administrationsUntil(start, every, therapy.until ?? start);
  // start + k·every rather than a running sum, so errors do not accumulate.
  return Array.from({ length: count }, (_, k) => roundSignificant(start + k * every));
}

function resolveTherapy(
  therapy: ParsedTherapy,
  index: number,
  module: TherapyModule,
  bodyWeight_kg: number,
  duration_day: number,
  warn: Report,
): ResolvedDosing {
  const all = expandSchedule(therapy);
  const times_day = all.filter((t) => t <= duration_day);
  const dropped = all.length - times_day.length;
  const path = ['therapies', index];
  if (dropped === all.length) {
    warn(path, `none of the ${all.length} administrations of ${module.drug} fall within the simulated ${duration_day} days`);
  } else if (dropped > 0) {
    warn(path, `${dropped} of ${all.length} administrations of ${module.drug} fall after the end of the simulation (${duration_day} days) and are not given`);
  }
  const repeated = times_day.filter((t, i) => i > 0 && t === times_day[i - 1]);
  if (repeated.length > 0) {
    warn(path, `${module.drug} is given more than once at ${[...new Set(repeated)].join(', ')} days; each listed dose is given`);
  }
  const dose_mg = doseToMg(therapy.dose, {
    bodyWeight_kg,
    iuPerMg: module.doseUnits.iuPerMg,
    drug: module.drug,
  });
  return { drug: module.drug, doseText: therapy.dose.text, dose_mg, times_day };
}

function assemble(
  data: ParsedScenarioFile,
  refs: References,
  file: string | undefined,
  warn: Report,
): ResolvedScenario {
  const bodyWeight_kg = data.patient?.bodyWeight ?? refs.archetypeBodyWeight_kg ?? DEFAULT_BODY_WEIGHT_KG;
  const therapies = data.therapies.map((therapy, i) =>
    resolveTherapy(therapy, i, refs.modules[i]!, bodyWeight_kg, data.duration, warn),
  );
  return {
    name: data.name,
    ...(data.description !== undefined ? { description: data.description } : {}),
    ...(file !== undefined ? { sourceFile: file } : {}),
    model: data.model,
    patient: {
      ...(refs.archetype !== undefined ? { archetype: refs.archetype.name } : {}),
      bodyWeight_kg,
      parameters: refs.parameters,
    },
    therapies,
    duration_day: data.duration,
    outputInterval_day: data.output?.interval ?? parseQuantity(DEFAULT_OUTPUT_INTERVAL, 'day'),
    engine: data.engine,
    seed: data.seed,
    solver: { ...DEFAULT_SOLVER_OPTIONS, ...data.solver },
  };
}

/**
 * Validates a parsed scenario object (from JSON, YAML or code) against the
 * format and the context, and converts it to canonical units. Throws
 * ScenarioValidationError listing every problem.
 */
export function resolveScenario(raw: unknown, ctx: SimulationContext, file?: string): LoadedScenario {
  const source = file ?? INLINE_SOURCE;
  const issues: (ScenarioIssue & { segments: readonly PathSegment[] })[] = [];
  const seen = new Set<string>();
  const report: Report = (path, message) => {
    const issue = { file: source, path: jsonPath(path), message, segments: path };
    const key = `${issue.path}\n${message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  };
  const parsed = ScenarioFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      for (const problem of describeSchemaIssue(issue, raw)) report(problem.path as PathSegment[], problem.message);
    }
  }
  const refs = checkReferences(raw, ctx, report);
  let abm: AbmScenarioOptions | undefined;
  if (parsed.success && parsed.data.abm !== undefined) {
    try {
      abm = parseAbmSection(parsed.data.abm, parsed.data.duration);
    } catch (err) {
      if (!(err instanceof AbmSectionError)) throw err;
      for (const problem of err.problems) report(problem.path as PathSegment[], problem.message);
    }
  }
  if (!parsed.success || issues.length > 0) throw new ScenarioValidationError(inDocumentOrder(issues, raw));

  const warnings: string[] = [];
  const warn: Report = (path, message) => warnings.push(`${source}: ${jsonPath(path)}: ${message}`);
  const scenario = assemble(parsed.data, refs, file, warn);
  return { scenario: abm === undefined ? scenario : { ...scenario, abm }, warnings };
}

/** Position of a path in the document: each key's index in its object; absent keys sort last. */
function documentPosition(raw: unknown, path: readonly PathSegment[]): number[] {
  const position: number[] = [];
  let node: unknown = raw;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') {
      position.push(segment);
      node = node[segment];
    } else if (isRecord(node)) {
      const index = Object.keys(node).indexOf(String(segment));
      position.push(index < 0 ? Number.MAX_SAFE_INTEGER : index);
      node = node[String(segment)];
    } else {
      position.push(Number.MAX_SAFE_INTEGER);
      node = undefined;
    }
  }
  return position;
}

function comparePositions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Issues in the order their values appear in the file, which is how people read the list. */
function inDocumentOrder(issues: readonly (ScenarioIssue & { segments?: readonly PathSegment[] })[], raw: unknown): ScenarioIssue[] {
  return issues
    .map((issue, i) => ({ issue, i, position: documentPosition(raw, issue.segments ?? []) }))
    .sort((x, y) => comparePositions(x.position, y.position) || x.i - y.i)
    .map(({ issue }) => ({ file: issue.file, path: issue.path, message: issue.message }));
}
