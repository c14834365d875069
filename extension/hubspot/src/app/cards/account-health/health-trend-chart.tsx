import { Flex, Heading, LineChart, Text } from '@hubspot/ui-extensions';
import { formatDay } from '../../shared/format/dates';
import type { ScoredInsights } from '../../shared/insights-contract';
import { HIGH_SERIES, HISTORY_SERIES, LOW_SERIES, MEDIAN_SERIES, healthChartRows } from './health-chart-rows';

/** The health score over the last days and where the forecast expects it, with the forecast's interval. */
export function HealthTrendChart({ health }: { health: ScoredInsights['health'] }) {
  const rows = healthChartRows(health);
  const horizon = [...health.forecast].sort((a, b) => b.horizonDays - a.horizonDays)[0];
  return (
    <Flex direction="column" gap="xs">
      <Heading>Health trend and forecast</Heading>
      {rows.length === 0 ? (
        <Text testId="health-chart-empty">Not enough health history yet to draw a trend.</Text>
      ) : (
        <LineChart
          testId="health-chart"
          data={rows}
          axes={{
            x: { field: 'day', fieldType: 'datetime', label: 'Date' },
            y: { field: 'score', fieldType: 'linear', label: 'Health score' },
            options: {
              groupFieldByColor: 'series',
              colors: { [HISTORY_SERIES]: 'darkBlue', [MEDIAN_SERIES]: 'orange', [LOW_SERIES]: 'yellow', [HIGH_SERIES]: 'yellow' },
            },
          }}
          options={{ showLegend: true, showTooltips: true }}
        />
      )}
      {horizon ? (
        <Text variant="microcopy" testId="forecast-summary">
          {`Expected on ${formatDay(horizon.date)}: ${Math.round(horizon.p50)}, between ${Math.round(horizon.p10)} and ${Math.round(horizon.p90)} (80% interval).`}
        </Text>
      ) : null}
    </Flex>
  );
}
