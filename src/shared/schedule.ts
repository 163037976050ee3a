/**
 * Learning-rate schedules. `learningRateAt` gives the rate for one optimizer step
 * from the base rate, the step index (0-based) and the run's total steps.
 *   constant   lr
 *   step       lr, then ×0.1 after 50 % of the steps and ×0.01 after 75 %
 *   cosine     lr · ½(1 + cos(π·t/T)), from lr down to 0
 *   one-cycle  linear warm-up from lr/25 to lr over the first 30 %, then cosine down to lr/25·10⁻⁴
 *              (Smith & Topin's super-convergence schedule, PyTorch OneCycleLR's defaults)
 */
export const SCHEDULE_NAMES = ['constant', 'step', 'cosine', 'one-cycle'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

const ONE_CYCLE_WARMUP = 0.3;
const ONE_CYCLE_START_DIVISOR = 25;
const ONE_CYCLE_FINAL_DIVISOR = 1e4;

/** ½(1 + cos(π·fraction)): 1 at 0, 0 at 1. */
const cosineFactor = (fraction: number) => 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, fraction))));

export function learningRateAt(schedule: ScheduleName, baseRate: number, step: number, totalSteps: number): number {
  const fraction = totalSteps > 0 ? step / totalSteps : 0;
  switch (schedule) {
    case 'constant':
      return baseRate;
    case 'step':
      return baseRate * (fraction >= 0.75 ? 0.01 : fraction >= 0.5 ? 0.1 : 1);
    case 'cosine':
      return baseRate * cosineFactor(fraction);
    case 'one-cycle': {
      const start = baseRate / ONE_CYCLE_START_DIVISOR;
      if (fraction < ONE_CYCLE_WARMUP) return start + (baseRate - start) * (fraction / ONE_CYCLE_WARMUP);
      const end = start / ONE_CYCLE_FINAL_DIVISOR;
      return end + (baseRate - end) * cosineFactor((fraction - ONE_CYCLE_WARMUP) / (1 - ONE_CYCLE_WARMUP));
    }
  }
}
