/** What `npm run train` prints: the tutorial's epoch line and the comparison table. */

/**
 * One epoch in the tutorial's own words (seed/…txt, `template`): losses in nats, accuracies
 * in percent, e.g. `Epoch 1, Loss: 0.1131, Accuracy: 96.7533, Test Loss: 0.0551, Test Accuracy: 98.2900`.
 */
export function formatEpochLine(report: {
  epoch: number;
  loss: number;
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
}): string {
  const percent = (fraction: number) => (fraction * 100).toFixed(4);
  return `Epoch ${report.epoch}, Loss: ${report.loss.toFixed(4)}, Accuracy: ${percent(report.accuracy)}, Test Loss: ${report.testLoss.toFixed(4)}, Test Accuracy: ${percent(report.testAccuracy)}`;
}

/** One compared run as the CLI prints it. */
export interface ComparisonRow {
  name: string;
  parameters: number;
  macsPerImage: number;
  imagesPerSecond: number;
  /** Test accuracy (0–1) after each epoch. */
  testAccuracies: number[];
}

/** A plain-text table: parameters, multiply-adds, speed, test accuracy per epoch and the final test error. */
export function comparisonTable(rows: ComparisonRow[]): string {
  const epochs = Math.max(0, ...rows.map((row) => row.testAccuracies.length));
  const header = [
    'run',
    'parameters',
    'M mult-adds',
    'images/s',
    ...Array.from({ length: epochs }, (_, i) => `ep${i + 1} acc %`),
    'final error %',
  ];
  const lines = rows.map((row) => [
    row.name,
    row.parameters.toLocaleString('en-US'),
    (row.macsPerImage / 1e6).toFixed(2),
    Number.isFinite(row.imagesPerSecond) ? row.imagesPerSecond.toFixed(1) : '–',
    ...Array.from({ length: epochs }, (_, i) =>
      row.testAccuracies[i] === undefined ? '–' : (row.testAccuracies[i]! * 100).toFixed(2),
    ),
    row.testAccuracies.length ? ((1 - row.testAccuracies.at(-1)!) * 100).toFixed(2) : '–',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}
