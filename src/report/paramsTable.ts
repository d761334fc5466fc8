import type { ModelDefinition, ParameterSpec } from '../model/types.js';
import type { TherapyModule } from '../therapies/types.js';
import { formatNumber } from './format.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: readonly ParameterSpec[], prefix = ''): string[] {
  const lines = ['| name | value | unit | meaning | source |', '|---|---|---|---|---|'];
  for (const p of rows)
    lines.push(`| ${cell(prefix + p.name)} | ${formatNumber(p.value)} | ${cell(p.unit)} | ${cell(p.description)} | ${cell(p.source)} |`);
  return lines;
}

/** Every model and drug parameter with value, unit, meaning and source, as Markdown. */
export function parameterTableMarkdown(model: ModelDefinition, therapies: readonly TherapyModule[]): string {
  const out: string[] = [];
  out.push(`# Parameters of model "${model.id}"`, '', model.title, '');
  out.push(`## Model parameters (${model.parameters.length})`, '', ...table(model.parameters), '');
  out.push(`## Therapy parameters`, '');
  for (const t of therapies) {
    out.push(`### ${t.drug} (${t.therapyClass}, ${formatNumber(t.molecularWeight_kDa)} kDa)`, '', t.description, '');
    out.push(...table([...t.pk.parameters, ...t.parameters]), '');
  }
  return out.join('\n');
}
