import type { SimulationResult } from '../simulation/simulate.js';
import { csvField, formatNumber } from './format.js';

/** Header cells carry units: `time (day)`, `tumor_cells (cells)`. */
export function timeseriesHeader(result: SimulationResult): string[] {
  return ['time (day)', ...result.columns.map((c) => `${c.name} (${c.unit})`)];
}

/** The whole time course as CSV text: time plus one column per state and readout. */
export function timeseriesCsv(result: SimulationResult): string {
  const n = result.columns.length;
  const lines = [timeseriesHeader(result).map(csvField).join(',')];
  for (let k = 0; k < result.t_day.length; k++) {
    const row = [formatNumber(result.t_day[k])];
    for (let j = 0; j < n; j++) row.push(formatNumber(result.values[k * n + j]));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}
