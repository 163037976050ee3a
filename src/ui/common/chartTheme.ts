/**
 * Colours of the recharts charts in each scheme. Recharts takes colours as props, so they
 * live here rather than in CSS; each pair of series colours contrasts at least 4.5:1 with
 * the card behind it (the legend prints its labels in the series colour).
 */
import type { ColorScheme } from './media';

export interface ChartTheme {
  train: string;
  test: string;
  /** The images/s line of the speed panel. */
  speed: string;
  grid: string;
  /** Axis lines and tick labels. */
  axis: string;
  /** Inside of the dots on a line (the card's colour, so a dot reads as a ring). */
  dotFill: string;
  tooltip: { background: string; border: string; color: string };
  /** One colour per run in the compare view, in order. */
  series: readonly string[];
}

export const CHART_THEMES: Record<ColorScheme, ChartTheme> = {
  light: {
    train: '#2563eb',
    test: '#dc2626',
    speed: '#047857',
    grid: '#cbd5e1',
    axis: '#475569',
    dotFill: '#fff',
    tooltip: { background: '#fff', border: '#cbd5e1', color: '#111827' },
    series: ['#2563eb', '#dc2626', '#15803d', '#9333ea', '#c2410c', '#0e7490'],
  },
  dark: {
    train: '#60a5fa',
    test: '#f87171',
    speed: '#34d399',
    grid: '#3b4a63',
    axis: '#b6c2d2',
    dotFill: '#172033',
    tooltip: { background: '#0f172a', border: '#52627a', color: '#e5e7eb' },
    series: ['#60a5fa', '#f87171', '#4ade80', '#c084fc', '#fb923c', '#22d3ee'],
  },
};
