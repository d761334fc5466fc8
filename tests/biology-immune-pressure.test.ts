/**
 * 2. Immune pressure: a highly antigenic, well-infiltrated (inflamed) lesion is
 * held back much more by CD8 killing than a cold, immune-excluded one.
 * "Held back" = ln(V without killing / V with killing) at day 90, untreated,
 * where "without killing" sets kill_rate = 0 (everything else unchanged).
 */
import { describe, expect, it } from 'vitest';
import { archetype, run, valueAt, volumeAt } from './helpers/scenario.js';

function heldBack(name: string): { heldBack: number; cd8: number; kill: number } {
  const parameters = archetype(name);
  const withKilling = run({ name, parameters, duration_day: 90 });
  const withoutKilling = run({ name: `${name} without killing`, parameters: { ...parameters, kill_rate: 0 }, duration_day: 90 });
  return {
    heldBack: Math.log(volumeAt(withoutKilling, 90) / volumeAt(withKilling, 90)),
    cd8: valueAt(withKilling, 'cd8_total', 0) / valueAt(withKilling, 'tumor_cells', 0),
    kill: valueAt(withKilling, 'immune_kill_rate', 0),
  };
}

describe('immune pressure', () => {
  it('holds an inflamed lesion back much more than a cold one', () => {
    const inflamed = heldBack('inflamed');
    const cold = heldBack('cold');
    expect(inflamed.heldBack).toBeGreaterThan(0.4); // ≥ 1.5-fold smaller after 3 months
    expect(inflamed.heldBack).toBeGreaterThan(5 * cold.heldBack);
    expect(cold.heldBack).toBeLessThan(0.1);
    // The mechanism is visible: more CD8 T cells per cancer cell and more killing.
    expect(inflamed.cd8).toBeGreaterThan(5 * cold.cd8);
    expect(inflamed.kill).toBeGreaterThan(5 * cold.kill);
  });
});
