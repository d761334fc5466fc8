/**
 * "Inside the tumor": small charts of the model's mechanisms for one run.
 * Each panel names model columns; missing columns (a drug not given) are skipped.
 */
import { columnOf, type RunResult } from './analysis.js';
import { escapeXml, formatTick, legend, lineChart, type Series } from './charts.js';

interface Line {
  readonly column: string;
  readonly label: string;
  readonly color: string;
  readonly dash?: string;
}

interface Panel {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly yLabel: string;
  readonly yScale: 'linear' | 'log';
  readonly yDomain?: readonly [number, number];
  lines(run: RunResult): Line[];
}

const fixed = (lines: Line[]) => () => lines;

const DRUG_STYLE: Record<string, { color: string; dash?: string }> = {
  nivolumab: { color: '#0072b2' },
  pembrolizumab: { color: '#0072b2', dash: '4 3' },
  ipilimumab: { color: '#c44e00' },
  relatlimab: { color: '#00795a' },
  aldesleukin: { color: '#a23b72' },
  'il2-notalpha': { color: '#a23b72', dash: '4 3' },
  bevacizumab: { color: '#7a5200' },
  lenvatinib: { color: '#7a5200', dash: '4 3' },
};

/** Occupancy columns are named "<drug>.<target>_occupancy". */
function drugLines(run: RunResult): Line[] {
  return run.columns
    .filter((c) => c.name.endsWith('_occupancy'))
    .map((c) => {
      const [drug, target] = c.name.replace(/_occupancy$/, '').split('.');
      return { column: c.name, label: `${drug} (${target})`, ...(DRUG_STYLE[drug] ?? { color: '#333' }) };
    });
}

export const PANELS: readonly Panel[] = [
  {
    id: 'tcells',
    title: 'CD8 T cells in the tumor',
    caption: 'PD-1 blockade draws effectors from progenitor-exhausted cells; terminal cells do not come back.',
    yLabel: 'cells',
    yScale: 'log',
    lines: fixed([
      { column: 'cd8_effector', label: 'effector', color: '#0072b2' },
      { column: 'cd8_progenitor_exhausted', label: 'progenitor-exhausted', color: '#00795a' },
      { column: 'cd8_terminal_exhausted', label: 'terminally exhausted', color: '#c44e00' },
    ]),
  },
  {
    id: 'suppressors',
    title: 'Suppressor cells',
    caption: 'Anti-CTLA-4 depletes Tregs and IL-2 expands them; hypoxia and VEGF recruit MDSCs.',
    yLabel: 'cells',
    yScale: 'log',
    lines: fixed([
      { column: 'treg', label: 'Tregs', color: '#a23b72' },
      { column: 'mdsc', label: 'MDSCs', color: '#7a5200' },
    ]),
  },
  {
    id: 'brakes',
    title: 'Brakes and priming',
    caption: 'Co-inhibition of T cells in the tumor, and CD28 co-stimulation at priming (raised by anti-CTLA-4).',
    yLabel: 'fraction',
    yScale: 'linear',
    yDomain: [0, 1],
    lines: fixed([
      { column: 'pd1_inhibition', label: 'PD-1 inhibition', color: '#0072b2' },
      { column: 'lag3_inhibition', label: 'LAG-3 inhibition', color: '#00795a' },
      { column: 'cd28_costimulation', label: 'CD28 co-stimulation', color: '#c44e00' },
    ]),
  },
  {
    id: 'vessels',
    title: 'Hypoxia and vessels',
    caption: 'Anti-VEGF normalises vessels (function up, hypoxia down) for a while, then prunes them.',
    yLabel: 'fraction',
    yScale: 'linear',
    yDomain: [0, 1],
    lines: fixed([
      { column: 'hypoxia', label: 'hypoxia', color: '#c44e00' },
      { column: 'vessel_function', label: 'vessel function', color: '#0072b2' },
    ]),
  },
  {
    id: 'clones',
    title: 'Tumor clones',
    caption: 'Immune attack selects cells that lost B2M (no MHC-I) or JAK1/2 (no IFN-γ response).',
    yLabel: 'cells',
    yScale: 'log',
    lines: fixed([
      { column: 'tumor_presenting', label: 'antigen-presenting', color: '#333333' },
      { column: 'tumor_b2m_loss', label: 'B2M-loss', color: '#c44e00' },
      { column: 'tumor_jak_loss', label: 'JAK-loss', color: '#a23b72' },
    ]),
  },
  {
    id: 'drugs',
    title: 'Drug levels',
    caption: 'Target occupancy C/(C + K_D) at the site of action; IL-2 is cleared within hours.',
    yLabel: 'occupancy',
    yScale: 'linear',
    yDomain: [0, 1],
    lines: drugLines,
  },
];

function panelSeries(panel: Panel, run: RunResult): Series[] {
  return panel.lines(run).flatMap((line) => {
    const y = columnOf(run, line.column);
    return y ? [{ id: line.column, label: line.label, t_day: run.t_day, y, color: line.color, dash: line.dash }] : [];
  });
}

export function panelMarkup(panel: Panel, run: RunResult, runLabel: string, width: number): string {
  const series = panelSeries(panel, run);
  const end = run.t_day[run.t_day.length - 1];
  const finals = series.map((s) => `${s.label} ${formatTick(s.y[s.y.length - 1])}`).join(', ');
  const body =
    series.length === 0
      ? '<p class="empty">No drug is given in this run.</p>'
      : lineChart({
          id: `panel-${panel.id}`,
          title: `${panel.title} (${runLabel})`,
          description: `${panel.title} over ${Math.round(end / 7)} weeks for ${runLabel}. At the end: ${finals}.`,
          width,
          height: 150,
          yLabel: panel.yLabel,
          yScale: panel.yScale,
          yDomain: panel.yDomain,
          tEnd_day: end,
          series,
        });
  return (
    `<figure class="panel" id="fig-${panel.id}"><figcaption><strong>${escapeXml(panel.title)}</strong> ` +
    `<span class="caption">${escapeXml(panel.caption)}</span></figcaption>${body}${legend(series)}</figure>`
  );
}
