/**
 * The regimen table: one group of rows per therapy class (its mechanism,
 * then its controls), one column per regimen. Controls report patches; `syncRegimens` shows a setup.
 */
import { byId, el, setOptions, setValue } from './dom.js';
import { ARM_IDS, formatNumber, type ArmId, type Setup, type TherapySetting } from './setup.js';
import { THERAPY_CLASSES, therapyClass, type ClassId, type TherapyClass } from './therapyClasses.js';

export type SettingListener = (arm: ArmId, classId: ClassId, patch: Partial<TherapySetting>) => void;

const id = (arm: ArmId, classId: ClassId, part: string) => `${arm}-${classId}-${part}`;

// Short labels keep a schedule on one line; the select's accessible name says what they are.
const INTERVAL_OPTIONS = [
  { value: 'hours', label: 'h' },
  { value: 'days', label: 'd' },
  { value: 'weeks', label: 'wk' },
];

/** A visible short label with a fuller name for screen readers. */
function labelText(visible: string, spoken: string): Node[] {
  return [el('span', { 'aria-hidden': 'true' }, visible), el('span', { class: 'sr-only' }, spoken)];
}

function numberInput(inputId: string, label: string | Node[], attrs: Record<string, string | number>, hiddenLabel = false) {
  return el(
    'span',
    { class: 'field' },
    el('label', { for: inputId, class: hiddenLabel ? 'sr-only' : undefined }, ...(typeof label === 'string' ? [label] : label)),
    el('input', { id: inputId, type: 'number', inputmode: 'decimal', ...attrs }),
  );
}

function armCell(arm: ArmId, cls: TherapyClass): HTMLTableCellElement {
  const part = (name: string) => id(arm, cls.id, name);
  const toggle = el(
    'label',
    { class: 'toggle' },
    el('input', { id: part('on'), type: 'checkbox' }),
    el('span', { class: 'sr-only' }, `Give ${cls.name} in regimen ${arm}`),
  );
  const drug = el(
    'select',
    { id: part('drug'), class: 'drug', 'aria-label': 'drug' },
    ...cls.drugs.map((d) => el('option', { value: d.drug }, d.label)),
  );
  const first = el(
    'div',
    { class: 'line' },
    toggle,
    drug,
    numberInput(part('dose'), 'dose', { min: 0, step: 'any', class: 'dose' }, true),
    el('select', { id: part('unit'), 'aria-label': 'dose unit' }),
  );
  const schedule = el(
    'div',
    { class: 'line schedule' },
    numberInput(part('start'), labelText('day', 'first dose on day'), { min: 0, step: 1, class: 'short' }),
    numberInput(part('every'), labelText('every', 'interval'), { min: 0, step: 'any', class: 'short' }),
    el(
      'select',
      { id: part('everyUnit'), 'aria-label': 'interval unit (hours, days or weeks)' },
      ...INTERVAL_OPTIONS.map((o) => el('option', { value: o.value }, o.label)),
    ),
    numberInput(part('count'), labelText('×', 'number of doses (empty: until the end)'), {
      min: 0,
      step: 1,
      class: 'short',
      placeholder: 'all',
    }),
  );
  const fieldset = el(
    'fieldset',
    { class: `arm arm-${arm}`, 'data-arm': arm, 'data-class': cls.id },
    el('legend', { class: 'sr-only' }, `Regimen ${arm}: ${cls.name}`),
    first,
    schedule,
    el('p', { class: 'label-note', id: part('note') }),
  );
  return el('td', { class: `arm-cell arm-${arm}` }, fieldset);
}

/** One class: its mechanism across both columns, then the A and B controls. */
function classGroup(cls: TherapyClass): HTMLTableSectionElement {
  const header = el(
    'th',
    { scope: 'rowgroup', colspan: 2, class: 'class-cell' },
    el('span', { class: 'class-name' }, cls.name),
    ' ',
    el('span', { class: 'mechanism' }, cls.mechanism),
  );
  return el('tbody', { id: `group-${cls.id}`, class: 'class-group' }, el('tr', {}, header), el('tr', {}, ...ARM_IDS.map((arm) => armCell(arm, cls))));
}

/** Builds the class groups once (after the table's head) and wires every control to `onSetting`. */
export function buildRegimenTable(table: HTMLTableElement, onSetting: SettingListener): void {
  for (const body of table.querySelectorAll('tbody')) body.remove();
  table.append(...THERAPY_CLASSES.map(classGroup));
  const read = (target: HTMLInputElement | HTMLSelectElement): Partial<TherapySetting> | undefined => {
    const part = target.id.split('-').slice(2).join('-');
    const number = target.value.trim() === '' ? NaN : Number(target.value);
    switch (part) {
      case 'on':
        return { enabled: (target as HTMLInputElement).checked };
      case 'drug':
        return { drug: target.value };
      case 'dose':
        return { dose: number };
      case 'unit':
        return { doseUnit: target.value as TherapySetting['doseUnit'] };
      case 'start':
        return { start_day: number };
      case 'every':
        return { every: number };
      case 'everyUnit':
        return { everyUnit: target.value as TherapySetting['everyUnit'] };
      case 'count':
        return { count: target.value.trim() === '' ? 0 : number };
      default:
        return undefined;
    }
  };
  const handle = (event: Event) => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const fieldset = target.closest('fieldset');
    if (!fieldset) return;
    const patch = read(target);
    if (patch) onSetting(fieldset.dataset.arm as ArmId, fieldset.dataset.class as ClassId, patch);
  };
  table.addEventListener('input', handle);
  // Selects and checkboxes also fire `change`; number inputs only need `input`.
  table.addEventListener('change', (event) => {
    if ((event.target as HTMLElement).tagName === 'SELECT') handle(event);
  });
}

function syncCell(arm: ArmId, classId: ClassId, s: TherapySetting): void {
  const cls = therapyClass(classId);
  const choice = cls.drugs.find((d) => d.drug === s.drug) ?? cls.drugs[0];
  const on = byId<HTMLInputElement>(id(arm, classId, 'on'));
  on.checked = s.enabled;
  setValue(byId<HTMLSelectElement>(id(arm, classId, 'drug')), s.drug);
  const unit = byId<HTMLSelectElement>(id(arm, classId, 'unit'));
  setOptions(unit, choice.units.map((u) => ({ value: u, label: u })));
  setValue(unit, s.doseUnit);
  setValue(byId<HTMLInputElement>(id(arm, classId, 'dose')), Number.isFinite(s.dose) ? formatNumber(s.dose) : '');
  setValue(byId<HTMLInputElement>(id(arm, classId, 'start')), Number.isFinite(s.start_day) ? formatNumber(s.start_day) : '');
  setValue(byId<HTMLInputElement>(id(arm, classId, 'every')), Number.isFinite(s.every) ? formatNumber(s.every) : '');
  setValue(byId<HTMLSelectElement>(id(arm, classId, 'everyUnit')), s.everyUnit);
  setValue(byId<HTMLInputElement>(id(arm, classId, 'count')), s.count > 0 ? String(s.count) : '');
  byId(id(arm, classId, 'note')).textContent = choice.labelNote;
  const fieldset = on.closest('fieldset')!;
  fieldset.classList.toggle('off', !s.enabled);
  // Switched-off classes keep their values but leave the tab order.
  for (const control of fieldset.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    if (control !== on) control.disabled = !s.enabled;
  }
}

export function syncRegimens(setup: Setup): void {
  for (const arm of ARM_IDS) for (const cls of THERAPY_CLASSES) syncCell(arm, cls.id, setup.arms[arm][cls.id]);
}
