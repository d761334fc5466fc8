import type { SimulationResult } from '../simulation/simulate.js';
import type { ResolvedDosing } from '../scenario/types.js';

const fixed = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const signed = (v: number) => `${v >= 0 ? '+' : ''}${fixed(v)}%`;

function describeDosing(d: ResolvedDosing): string {
  const times = d.times_day;
  const first = times[0] ?? 0;
  const every = times.length > 1 ? `, every ${fixed(times[1] - times[0], 1)} d` : '';
  return `${d.drug} ${d.doseText} (${fixed(d.dose_mg, 2)} mg) ×${times.length} from day ${fixed(first, 1)}${every}`;
}

/** A short, readable account of one run for the terminal. */
export function terminalSummary(result: SimulationResult, outDir?: string): string {
  const s = result.scenario;
  const t = result.tumor;
  const lines: string[] = [];
  lines.push(`${s.name}${s.sourceFile ? `  (${s.sourceFile})` : ''}`);
  const patient = s.patient.archetype ? `${s.patient.archetype} patient` : 'default patient';
  lines.push(`  ${patient}, ${s.patient.bodyWeight_kg} kg · model ${s.model} · ${fixed(s.duration_day, 0)} days · engine ${s.engine}`);
  lines.push(`  therapies: ${s.therapies.length ? s.therapies.map(describeDosing).join('; ') : 'none'}`);
  const diameter = (v?: number) => (v === undefined ? '' : ` (${fixed(v)} mm)`);
  lines.push(
    `  tumor: ${fixed(t.baselineVolume_mm3, 0)} mm³${diameter(t.baselineDiameter_mm)} → ${fixed(t.finalVolume_mm3, 0)} mm³${diameter(t.finalDiameter_mm)}` +
      `; final ${signed(t.finalChange_percent)}, best ${signed(t.bestChange_percent)} at day ${fixed(t.nadirTime_day, 0)}`,
  );
  if (t.bestDiameterChange_percent !== undefined) lines.push(`  best lesion-diameter change: ${signed(t.bestDiameterChange_percent)}`);
  const st = result.stats;
  lines.push(
    `  solver: ${result.retcode}, ${st.nRhs} RHS evaluations, ${st.nAccept} steps (${st.nReject} rejected), ${st.nSegments} segments`,
  );
  if (result.retcode !== 'Success') lines.push(`  FAILED: ${result.message}`);
  if (outDir) lines.push(`  wrote ${outDir}/timeseries.csv, summary.json, report.html`);
  return lines.join('\n');
}
