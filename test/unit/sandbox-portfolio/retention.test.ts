import { describe, expect, it } from 'vitest';
import { retentionByYear, type RetentionFigures, type YearRetention } from '../../../server/src/sandbox/portfolio/index.js';
import { portfolioFor } from './shared-portfolio.js';

/** SANDBOX.md targets as [low, high] per year; "~x" is [x, x]. */
const TARGETS: Record<string, { grr: [number, number]; nrr: [number, number]; logo?: [number, number] }> = {
  smb: { grr: [85, 90], nrr: [97, 97], logo: [25, 35] },
  mid_market: { grr: [90, 90], nrr: [108, 108], logo: [10, 15] },
  enterprise: { grr: [93, 95], nrr: [115, 115], logo: [5, 8] },
  blended: { grr: [88, 92], nrr: [100, 106] },
};
/** The average annual rate over the window must match SANDBOX.md within this many points. */
const AVERAGE_TOLERANCE = 3;
/**
 * A single year only has to be plausible: a segment of ~150 accounts churning 5-8% a year has a
 * standard deviation of about 2 points per year, so one year is noise-dominated (see the README).
 */
const YEAR_TOLERANCE = 8;

type Segment = keyof YearRetention['bySegment'];
type Metric = 'grossRevenueRetention' | 'netRevenueRetention' | 'logoChurn';

function within(value: number, [lo, hi]: [number, number], tolerance: number): boolean {
  return value >= lo - tolerance && value <= hi + tolerance;
}

function checks(segment: string): Array<{ label: string; metric: Metric; target: [number, number] }> {
  const target = TARGETS[segment];
  if (!target) throw new Error(`no target for ${segment}`);
  const list: Array<{ label: string; metric: Metric; target: [number, number] }> = [
    { label: 'GRR', metric: 'grossRevenueRetention', target: target.grr },
    { label: 'NRR', metric: 'netRevenueRetention', target: target.nrr },
  ];
  if (target.logo) list.push({ label: 'logo churn', metric: 'logoChurn', target: target.logo });
  return list;
}

function averageAnnual(years: readonly YearRetention[], segment: Segment, metric: Metric): number {
  return years.reduce((sum, y) => sum + (y.bySegment[segment] as RetentionFigures)[metric], 0) / years.length;
}

describe('retention of the default portfolio (seed 42, 2,000 accounts)', () => {
  const years = retentionByYear(portfolioFor(42, 2000));

  it('covers every full year of the three-year window', () => {
    expect(years).toHaveLength(3);
  });

  for (const segment of Object.keys(TARGETS)) {
    it(`reproduces SANDBOX.md average annual GRR, NRR and logo churn for ${segment} within 3 points`, () => {
      const misses: string[] = [];
      for (const { label, metric, target } of checks(segment)) {
        const average = averageAnnual(years, segment as Segment, metric);
        if (!within(average, target, AVERAGE_TOLERANCE)) misses.push(`average ${label} ${average.toFixed(1)}`);
      }
      expect(misses).toEqual([]);
    });

    it(`keeps every single year of ${segment} within 8 points of SANDBOX.md`, () => {
      const misses: string[] = [];
      for (const y of years) {
        const f = y.bySegment[segment as Segment];
        for (const { label, metric, target } of checks(segment)) {
          if (!within(f[metric], target, YEAR_TOLERANCE)) misses.push(`year ${y.year} ${label} ${f[metric].toFixed(1)}`);
        }
      }
      expect(misses).toEqual([]);
    });
  }

  it('churns about 8-15% of ARR a year across the portfolio', () => {
    for (const y of years) {
      expect(y.bySegment.blended.arrChurn).toBeGreaterThanOrEqual(5);
      expect(y.bySegment.blended.arrChurn).toBeLessThanOrEqual(15);
    }
  });
});
