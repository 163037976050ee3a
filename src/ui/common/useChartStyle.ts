import { useMemo } from 'react';
import { epochTicks } from '../format/insightsFormat';
import { CHART_THEMES, type ChartTheme } from './chartTheme';
import { useColorScheme, usePrefersReducedMotion } from './media';

/** Props every line chart shares, in the reader's colour scheme. */
export interface ChartStyle {
  theme: ChartTheme;
  /** For `<CartesianGrid>`. */
  grid: { stroke: string; strokeDasharray: string };
  /** For `<XAxis>` and `<YAxis>`: axis line and tick labels. */
  axis: { stroke: string; tick: { fill: string } };
  /** For `<Tooltip>`: the box's colours, and no sliding when the reader asked for less motion. */
  tooltip: {
    contentStyle: { background: string; borderColor: string; color: string };
    isAnimationActive: boolean;
  };
  /** For an `<XAxis>` of fractional epochs (per-batch series) up to `lastEpoch`: ticks on whole and half epochs. */
  epochAxis(lastEpoch: number): {
    dataKey: 'epoch';
    type: 'number';
    domain: [number, 'dataMax'];
    ticks: number[];
    label: { value: string; position: 'insideBottomRight'; offset: number; fill: string };
    stroke: string;
    tick: { fill: string };
  };
}

/** Axis tick text: as few digits as the range needs. */
export const formatTick = (value: number) => String(Number(value.toPrecision(3)));

/** The shared chart props; a new object only when the scheme or the motion preference changes. */
export function useChartStyle(): ChartStyle {
  const theme = CHART_THEMES[useColorScheme()];
  const reducedMotion = usePrefersReducedMotion();
  return useMemo(
    () => ({
      theme,
      grid: { stroke: theme.grid, strokeDasharray: '3 3' },
      axis: { stroke: theme.axis, tick: { fill: theme.axis } },
      tooltip: {
        contentStyle: {
          background: theme.tooltip.background,
          borderColor: theme.tooltip.border,
          color: theme.tooltip.color,
        },
        isAnimationActive: !reducedMotion,
      },
      epochAxis: (lastEpoch) => ({
        dataKey: 'epoch',
        type: 'number',
        domain: [0, 'dataMax'],
        ticks: epochTicks(lastEpoch),
        label: { value: 'epoch', position: 'insideBottomRight', offset: -4, fill: theme.axis },
        stroke: theme.axis,
        tick: { fill: theme.axis },
      }),
    }),
    [theme, reducedMotion],
  );
}
