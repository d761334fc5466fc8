/**
 * The optional `abm` section of a scenario file, as written (quantities with
 * units), converted to AbmScenarioOptions in canonical units. Every problem
 * is reported with its path; ranges are checked by resolveAbmOptions.
 *
 *   "abm": {
 *     "grid": 120,                      // voxels per side
 *     "voxel": "20 um",                 // voxel edge
 *     "step": "6 hours",                // cell time step
 *     "tumorCells": 4000,               // tumor agents at t = 0
 *     "snapshots": ["0 days", "30 days", "60 days"],
 *     "frameInterval": "1 day",         // animation frames
 *     "geometry": "disc",               // or "scattered"
 *     "vesselDensity": 0.01             // any numeric setting of AbmOptions, by name
 *   }
 */
import { parseQuantity } from '../../units/quantity.js';
import { ABM_DEFAULTS, resolveAbmOptions, type AbmScenarioOptions } from './options.js';

export interface AbmSectionProblem {
  /** Path inside the scenario, e.g. ["abm", "voxel"]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class AbmSectionError extends Error {
  constructor(readonly problems: readonly AbmSectionProblem[]) {
    super(problems.map((p) => `$.${p.path.join('.')}: ${p.message}`).join('\n'));
    this.name = 'AbmSectionError';
  }
}

/** Fields written as quantities: file name → option name and canonical unit. */
const QUANTITIES = {
  voxel: ['voxel_um', 'um'],
  step: ['dt_day', 'day'],
  frameInterval: ['frameInterval_day', 'day'],
  o2DiffusionLength: ['o2DiffusionLength_um', 'um'],
  ifnDiffusivity: ['ifnDiffusivity_um2_per_s', 'um^2/s'],
  il2Diffusivity: ['il2Diffusivity_um2_per_s', 'um^2/s'],
  vegfDiffusivity: ['vegfDiffusivity_um2_per_s', 'um^2/s'],
  vegfDecay: ['vegfDecay_per_day', '1/day'],
  pdl1HalfLife: ['pdl1HalfLife_day', 'day'],
} as const;

/** Fields with another name in the file. */
const RENAMED = { grid: 'gridSize', tumorCells: 'initialTumorAgents' } as const;

/** Plain settings, same name in the file and in AbmOptions. */
const PLAIN = [
  'geometry',
  'fieldCoarsening',
  'fieldSweeps',
  'stromaSinkWeight',
  'stromaO2Uptake',
  'interactionRadius',
  'tcellMovesPerStep',
  'mdscMovesPerStep',
  'chemotaxis',
  'arrest',
  'maxImmunePerVoxel',
  'pushRadius',
  'outwardPush',
  'vesselDensity',
  'hostVesselDensity',
  'entryBand',
  'initialMigrationSteps',
  'wellMixed',
] as const satisfies readonly (keyof typeof ABM_DEFAULTS)[];

/** File name of each option that is written differently in a file. */
const FILE_NAME: Readonly<Record<string, string>> = Object.fromEntries([
  ...Object.entries(QUANTITIES).map(([file, [option]]) => [option, file]),
  ...Object.entries(RENAMED).map(([file, option]) => [option, file]),
  ['snapshotTimes_day', 'snapshots'],
]);

/** Names a scenario's `abm` section may use. */
export const ABM_SECTION_FIELDS: readonly string[] = [...Object.keys(QUANTITIES), ...Object.keys(RENAMED), 'snapshots', ...PLAIN];

/**
 * Reads an `abm` section. `duration_day` is needed only to check the merged
 * settings (default snapshot times depend on it).
 */
export function parseAbmSection(raw: unknown, duration_day: number): AbmScenarioOptions {
  if (raw === undefined) return {};
  const problems: AbmSectionProblem[] = [];
  const at = (...path: (string | number)[]) => ['abm', ...path];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AbmSectionError([{ path: at(), message: 'expected an object' }]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    try {
      if (key in QUANTITIES) {
        const [name, unit] = QUANTITIES[key as keyof typeof QUANTITIES];
        out[name] = parseQuantity(value as string | number, unit);
      } else if (key in RENAMED) {
        out[RENAMED[key as keyof typeof RENAMED]] = value;
      } else if (key === 'snapshots') {
        if (!Array.isArray(value)) throw new Error('expected a list of times (e.g. ["0 days", "30 days"])');
        out.snapshotTimes_day = value.map((t, i) => {
          try {
            return parseQuantity(t as string | number, 'day');
          } catch (error) {
            problems.push({ path: at(key, i), message: (error as Error).message });
            return 0;
          }
        });
      } else if ((PLAIN as readonly string[]).includes(key)) {
        out[key] = value;
      } else {
        throw new Error(`unknown field "${key}"; allowed fields: ${ABM_SECTION_FIELDS.join(', ')}`);
      }
    } catch (error) {
      problems.push({ path: at(key), message: (error as Error).message });
    }
  }
  if (problems.length > 0) throw new AbmSectionError(problems);
  const options = out as AbmScenarioOptions;
  try {
    resolveAbmOptions(options, duration_day);
  } catch (error) {
    const message = (error as Error).message;
    const field = /^abm\.(\w+)/.exec(message)?.[1];
    const written = field ? (FILE_NAME[field] ?? field) : undefined;
    throw new AbmSectionError([{ path: at(...(written ? [written] : [])), message: message.replace(/^abm\.\w+: /, '') }]);
  }
  return options;
}
