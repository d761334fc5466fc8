/**
 * The setup as a short, readable query string, so a link reproduces it:
 *
 *   ?patient=inflamed&kg=75&weeks=52&A=nivolumab~3mgkg~d0~q2w~end&B=ipilimumab~3mgkg~d0~q3w~x4&at=12&view=AB
 *
 * A regimen lists its switched-on drugs, separated by "!"; each is
 * drug~dose~start~interval~count; `at` is the week responses are read
 * (absent: the last day). Parameter overrides from a loaded file travel as
 * p.<name>=<value>.
 */
import {
  ARM_IDS,
  COMBINATIONS,
  defaultSetup,
  emptyRegimen,
  enabledSettings,
  formatNumber,
  updateSetting,
  type ArmId,
  type Combination,
  type Setup,
  type TherapySetting,
} from './setup.js';
import { findDrug, type DoseUnit, type IntervalUnit } from './therapyClasses.js';

const UNIT_TOKEN: Record<DoseUnit, string> = { 'mg/kg': 'mgkg', mg: 'mg', 'IU/kg': 'IUkg' };
const INTERVAL_TOKEN: Record<IntervalUnit, string> = { hours: 'h', days: 'd', weeks: 'w' };

function invert<K extends string>(map: Record<K, string>): Record<string, K> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<string, K>;
}
const UNIT_OF = invert(UNIT_TOKEN);
const INTERVAL_OF = invert(INTERVAL_TOKEN);

export function encodeSetting(s: TherapySetting): string {
  const count = s.count > 0 ? `x${s.count}` : 'end';
  return [s.drug, `${formatNumber(s.dose)}${UNIT_TOKEN[s.doseUnit]}`, `d${formatNumber(s.start_day)}`, `q${formatNumber(s.every)}${INTERVAL_TOKEN[s.everyUnit]}`, count].join('~');
}

const NUMBER = '(\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)';
const DOSE = new RegExp(`^${NUMBER}(mgkg|mg|IUkg)$`);
const START = new RegExp(`^d${NUMBER}$`);
const INTERVAL = new RegExp(`^q${NUMBER}([hdw])$`);
const COUNT = /^(?:x(\d+)|end)$/;

/** One encoded drug → its setting (switched on), or a reason it cannot be read. */
export function decodeSetting(text: string): { drug: string; setting: Omit<TherapySetting, 'drug' | 'enabled'> } | string {
  const [drug = '', dose = '', start = '', interval = '', count = ''] = text.split('~');
  if (!findDrug(drug)) return `unknown drug "${drug}"`;
  const d = DOSE.exec(dose);
  const s = START.exec(start);
  const q = INTERVAL.exec(interval);
  const c = COUNT.exec(count);
  if (!d || !s || !q || !c) return `cannot read "${text}" (expected e.g. nivolumab~3mgkg~d0~q2w~end)`;
  return {
    drug,
    setting: {
      dose: Number(d[1]),
      doseUnit: UNIT_OF[d[2]],
      start_day: Number(s[1]),
      every: Number(q[1]),
      everyUnit: INTERVAL_OF[q[2]],
      count: c[1] !== undefined ? Number(c[1]) : 0,
    },
  };
}

// encodeURIComponent leaves ~ and ! alone, so the regimens stay readable.
const pair = (key: string, value: string) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;

export function encodeSetup(setup: Setup): string {
  const parts = [
    pair('patient', setup.archetype || 'default'),
    pair('kg', formatNumber(setup.bodyWeight_kg)),
    pair('weeks', formatNumber(setup.duration_weeks)),
    ...ARM_IDS.map((arm) => pair(arm, enabledSettings(setup.arms[arm]).map(encodeSetting).join('!'))),
    ...(setup.readAt_weeks > 0 ? [pair('at', formatNumber(setup.readAt_weeks))] : []),
    pair('view', setup.view),
    ...Object.entries(setup.parameters).map(([name, value]) => pair(`p.${name}`, value)),
  ];
  return parts.join('&');
}

function decodeRegimen(setup: Setup, arm: ArmId, text: string, problems: string[]): Setup {
  let next: Setup = { ...setup, arms: { ...setup.arms, [arm]: emptyRegimen() } };
  for (const item of text.split('!').filter((s) => s !== '')) {
    const decoded = decodeSetting(item);
    if (typeof decoded === 'string') {
      problems.push(`Regimen ${arm}: ${decoded}`);
      continue;
    }
    const classId = findDrug(decoded.drug)!.cls.id;
    next = updateSetting(next, arm, classId, { drug: decoded.drug });
    next = updateSetting(next, arm, classId, { ...decoded.setting, enabled: true });
  }
  return next;
}

const positive = (text: string | null): number | undefined => {
  const x = text === null ? NaN : Number(text);
  return Number.isFinite(x) && x > 0 ? x : undefined;
};

/** Reads a query string; anything missing or unreadable keeps its default, and is reported. */
export function decodeSetup(query: string, archetypes: readonly string[]): { setup: Setup; problems: string[] } {
  const params = new URLSearchParams(query);
  let setup = defaultSetup();
  const problems: string[] = [];
  if ([...params.keys()].length === 0) return { setup, problems };

  const patient = params.get('patient');
  if (patient === 'default') setup = { ...setup, archetype: '' };
  else if (patient !== null && archetypes.includes(patient)) setup = { ...setup, archetype: patient };
  else if (patient !== null) problems.push(`unknown patient "${patient}"`);
  setup = { ...setup, bodyWeight_kg: positive(params.get('kg')) ?? setup.bodyWeight_kg };
  setup = { ...setup, duration_weeks: positive(params.get('weeks')) ?? setup.duration_weeks };
  for (const arm of ARM_IDS) {
    const text = params.get(arm);
    if (text !== null) setup = decodeRegimen(setup, arm, text, problems);
  }
  setup = { ...setup, readAt_weeks: positive(params.get('at')) ?? 0 };
  const view = params.get('view');
  if (view !== null && (COMBINATIONS as readonly string[]).includes(view)) setup = { ...setup, view: view as Combination };
  const parameters = Object.fromEntries(
    [...params.entries()].filter(([key]) => key.startsWith('p.')).map(([key, value]) => [key.slice(2), value]),
  );
  return { setup: { ...setup, parameters }, problems };
}
