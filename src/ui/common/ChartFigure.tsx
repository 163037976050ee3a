import { useId, type ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';
import chart from './chart.module.css';
import { classNames } from './classNames';
import text from './text.module.css';

interface ChartFigureProps {
  testId: string;
  title: string;
  /** What a screen reader hears instead of the picture (the numbers, or where to find them). */
  summary: string;
  /** `data-*` attributes for tests, e.g. `{ 'data-points': 3 }`. */
  data: Record<`data-${string}`, number>;
  /** `card`: a card of its own; `wide`: a card across the whole grid row; `plain`: inside another card. */
  look?: 'card' | 'wide' | 'plain';
  /** Of the plot in px; fixed, so the figure never changes height when the first points arrive. */
  height?: number;
  /** Shown in place of the plot, at the same height, while there is nothing to plot. */
  empty?: ReactNode;
  /** A recharts chart. */
  children: ReactNode;
}

/**
 * A chart with its caption: the caption names it, a hidden sentence describes it, and the SVG
 * itself is hidden from assistive technology (its tick labels would read as noise).
 */
export function ChartFigure(props: ChartFigureProps) {
  const { testId, title, summary, data, look = 'card', height = 200, empty, children } = props;
  const summaryId = useId();
  return (
    <figure
      className={classNames(chart.chart, look !== 'plain' && chart.card, look === 'wide' && chart.wide)}
      data-testid={testId}
      {...data}
      aria-describedby={summaryId}
    >
      <figcaption>{title}</figcaption>
      <div aria-hidden="true" className={chart.plot} style={{ height }}>
        {empty ?? (
          <ResponsiveContainer width="100%" height={height}>
            {children}
          </ResponsiveContainer>
        )}
      </div>
      <p className={text.visuallyHidden} id={summaryId} data-testid={`${testId}-summary`}>
        {summary}
      </p>
    </figure>
  );
}
