import { describe, expect, it } from 'vitest';
import { assessRecist, interpolate, scanSchedule } from '../src/analysis/recist.js';

const days = Array.from({ length: 366 }, (_, i) => i);
const scans = scanSchedule(56, 56, 364);

describe('RECIST 1.1 on a simulated lesion', () => {
  it('a lesion shrinking by 40% is a partial response with no progression', () => {
    const d = days.map((t) => 20 * (1 - 0.4 * Math.min(1, t / 100)));
    const r = assessRecist(days, d, scans);
    expect(r.bestResponse).toBe('PR');
    expect(r.bestChange_percent).toBeCloseTo(-40, 6);
    expect(r.progressionTime_day).toBeUndefined();
  });

  it('a 29% shrinkage is stable disease, not PR', () => {
    const d = days.map((t) => 20 * (1 - 0.29 * Math.min(1, t / 100)));
    expect(assessRecist(days, d, scans).bestResponse).toBe('SD');
  });

  it('a lesion below the measurable size is a complete response', () => {
    const d = days.map((t) => Math.max(1, 20 - t / 5));
    expect(assessRecist(days, d, scans).bestResponse).toBe('CR');
  });

  it('progression needs both +20% over the nadir and +5 mm', () => {
    // Small lesion: +20% (2 mm) but under +5 mm is not PD.
    const small = days.map((t) => 10 + 2.4 * (t / 365));
    expect(assessRecist(days, small, scans).progressionTime_day).toBeUndefined();
    // Large lesion growing 30%: PD at the first scan where both hold.
    const large = days.map((t) => 30 * (1 + 0.3 * (t / 365)));
    const r = assessRecist(days, large, scans);
    // Stable at earlier scans, so the best overall response is SD.
    expect(r.bestResponse).toBe('SD');
    expect(r.progressionTime_day).toBe(280);
  });

  it('response then regrowth: PR first, then PD measured from the nadir, best response stays PR', () => {
    const d = days.map((t) => (t < 120 ? 30 - 0.15 * t : 12 + 0.1 * (t - 120)));
    const r = assessRecist(days, d, scans);
    expect(r.bestResponse).toBe('PR');
    expect(r.progressionTime_day).toBe(224);
  });

  it('interpolates between samples', () => {
    expect(interpolate([0, 10], [0, 100], 2.5)).toBe(25);
  });
});
