/**
 * The health trend chart's data: the daily history, then the forecast's median and its 10th–90th
 * percentile interval, each forecast line starting from the last measured day so the lines join.
 */
import { dayToTimestamp } from '../../shared/format/dates';
import type { ScoredInsights } from '../../shared/insights-contract';

export const HISTORY_SERIES = 'Health score';
export const MEDIAN_SERIES = 'Forecast';
export const LOW_SERIES = 'Forecast, low (10th percentile)';
export const HIGH_SERIES = 'Forecast, high (90th percentile)';

export interface HealthChartRow {
  [field: string]: number | string;
  day: number;
  score: number;
  series: string;
}

export function healthChartRows(health: ScoredInsights['health']): HealthChartRow[] {
  const rows: HealthChartRow[] = health.history.map((point) => ({ day: dayToTimestamp(point.date), score: point.score, series: HISTORY_SERIES }));
  const last = health.history.at(-1);
  const forecast = [...health.forecast].sort((a, b) => a.horizonDays - b.horizonDays);
  for (const [series, pick] of [
    [MEDIAN_SERIES, 'p50'],
    [LOW_SERIES, 'p10'],
    [HIGH_SERIES, 'p90'],
  ] as const) {
    if (forecast.length === 0) break;
    if (last) rows.push({ day: dayToTimestamp(last.date), score: last.score, series });
    for (const point of forecast) rows.push({ day: dayToTimestamp(point.date), score: point[pick], series });
  }
  return rows;
}
