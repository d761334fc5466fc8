import { aldesleukin } from './aldesleukin.js';
import { bevacizumab } from './bevacizumab.js';
import { il2NotAlpha } from './il2NotAlpha.js';
import { ipilimumab } from './ipilimumab.js';
import { lenvatinib } from './lenvatinib.js';
import { nivolumab } from './nivolumab.js';
import { pembrolizumab } from './pembrolizumab.js';
import { relatlimab } from './relatlimab.js';
import { TherapyRegistry, type TherapyModule } from './types.js';

export { aldesleukin, bevacizumab, il2NotAlpha, ipilimumab, lenvatinib, nivolumab, pembrolizumab, relatlimab };
export * from './pk.js';
export * from './types.js';

/** Every built-in therapy module, in a stable order. */
export function builtInTherapies(): TherapyModule[] {
  return [nivolumab, pembrolizumab, ipilimumab, relatlimab, aldesleukin, il2NotAlpha, bevacizumab, lenvatinib];
}

/** A new registry holding the built-in therapies; callers may register more without affecting anyone else. */
export function defaultTherapyRegistry(): TherapyRegistry {
  return new TherapyRegistry(builtInTherapies());
}

export interface TherapyParameterRow {
  readonly drug: string;
  /** `<drug>.<parameter>`, e.g. "nivolumab.CL". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly description: string;
  readonly source: string;
}

/** PK then binding/effect parameters of each therapy, prefixed by drug, for a parameter table. */
export function therapyParameterRows(therapies: Iterable<TherapyModule> = builtInTherapies()): TherapyParameterRow[] {
  const rows: TherapyParameterRow[] = [];
  for (const t of therapies)
    for (const p of [...t.pk.parameters, ...t.parameters])
      rows.push({ drug: t.drug, name: `${t.drug}.${p.name}`, value: p.value, unit: p.unit, description: p.description, source: p.source });
  return rows;
}

/** The rows as a Markdown table. */
export function therapyParameterMarkdown(therapies: Iterable<TherapyModule> = builtInTherapies()): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| parameter | value | unit | meaning | source |', '|---|---|---|---|---|'];
  for (const r of therapyParameterRows(therapies))
    lines.push(`| ${cell(r.name)} | ${Number(r.value.toPrecision(4))} | ${cell(r.unit)} | ${cell(r.description)} | ${cell(r.source)} |`);
  return lines.join('\n');
}
