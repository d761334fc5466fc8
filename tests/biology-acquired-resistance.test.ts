/**
 * 4. Acquired resistance: under effective therapy (nivolumab + ipilimumab) a
 * rare pre-existing antigen-loss subclone is selected. The lesion responds,
 * then regrows, and the regrown lesion is mostly antigen-loss cells. Control:
 * without antigen-loss cells (none pre-existing, no mutation) it does not regrow.
 */
import { describe, expect, it } from 'vitest';
import { regimens, run, valueAt, volumeAt } from './helpers/scenario.js';

describe('acquired resistance by antigen loss', () => {
  it('responds, regrows, and the regrown tumor is mostly antigen-loss cells', () => {
    const treated = run({ name: 'nivo+ipi', therapies: regimens.nivoIpi() });
    const { bestChange_percent, nadirTime_day } = treated.tumor;
    expect(bestChange_percent).toBeLessThan(-80);
    expect(valueAt(treated, 'antigen_loss_fraction', 0)).toBeLessThan(1e-3);
    // Regrowth: well above the nadir and back past baseline within the year.
    const nadir = volumeAt(treated, nadirTime_day);
    expect(volumeAt(treated, 365)).toBeGreaterThan(20 * nadir);
    expect(volumeAt(treated, 365)).toBeGreaterThan(volumeAt(treated, 0));
    expect(valueAt(treated, 'antigen_loss_fraction', 365)).toBeGreaterThan(0.9);

    const noLoss = run({
      name: 'nivo+ipi without antigen-loss cells',
      parameters: { initial_b2m_fraction: 0, initial_jak_fraction: 0, b2m_loss_rate: 0, jak_loss_rate: 0 },
      therapies: regimens.nivoIpi(),
    });
    expect(volumeAt(noLoss, 365)).toBeLessThan(0.2 * volumeAt(noLoss, 0));
  });
});
