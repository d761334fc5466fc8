/** The agent-based engine: a 2D lattice sharing the model and therapy modules with the ODE engine. */
export { simulateAbm, scenarioAbmOptions, type AbmResult, type AbmRunInfo } from './simulate.js';
export { ABM_DEFAULTS, resolveAbmOptions, wellMixedOptions, type AbmOptions, type AbmScenarioOptions, type AbmGeometry } from './options.js';
export { writeAbmSnapshots, framesJson, snapshotSvg } from './snapshots.js';
export { infiltrationIndex, lossClustering, type Infiltration, type LossClustering } from './metrics.js';
export { replicateScenario, replicateJobs, meanColumn, type AbmJob } from './replicates.js';
export { benchAbm, ABM_BENCH_DEFAULTS, type AbmBenchResult, type AbmBenchSettings } from './bench.js';
export type { AbmFrame } from './observe.js';
