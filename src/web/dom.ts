/** A few DOM helpers, so the view modules read as structure rather than plumbing. */

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no element #${id}`);
  return node as T;
}

/** Sets a form control's value unless the student is typing in it, so the caret never jumps. */
export function setValue(control: HTMLInputElement | HTMLSelectElement, value: string): void {
  if (control.value === value) return;
  const typing = control === document.activeElement && control instanceof HTMLInputElement && control.type !== 'checkbox';
  if (typing && Number(control.value) === Number(value)) return;
  control.value = value;
}

/** Replaces a select's options when they differ from the wanted list. */
export function setOptions(select: HTMLSelectElement, options: readonly { value: string; label: string }[]): void {
  const same =
    select.options.length === options.length && options.every((o, i) => select.options[i].value === o.value);
  if (same) return;
  select.replaceChildren(...options.map((o) => el('option', { value: o.value }, o.label)));
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
