import { describe, expect, test } from 'vitest';
import { contrast, parseColour } from '../format/heat';
import { CHART_THEMES } from './chartTheme';

/** The card behind the charts in each scheme (--card-background in global.css). */
const CARD = { light: '#fff', dark: '#172033' } as const;

describe('chart colours', () => {
  for (const scheme of ['light', 'dark'] as const) {
    test(`${scheme}: lines and labels are readable on the card`, () => {
      const theme = CHART_THEMES[scheme];
      const card = parseColour(CARD[scheme]);
      // Text in these colours: the legend (series colours) and the axis ticks.
      for (const colour of [theme.train, theme.test, theme.speed, theme.axis, ...theme.series])
        expect(contrast(parseColour(colour), card), colour).toBeGreaterThanOrEqual(4.5);
      expect(contrast(parseColour(theme.tooltip.color), parseColour(theme.tooltip.background))).toBeGreaterThan(7);
      expect(theme.dotFill).toBe(CARD[scheme]);
    });
  }
});
