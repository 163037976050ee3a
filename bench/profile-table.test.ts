import { describe, expect, test } from 'vitest';
import type { StepProfile } from '../src/worker/bench-types';
import { formatProfile } from './profile-table';

const PROFILE: StepProfile = {
  steps: 4,
  msPerStep: 80,
  rows: [
    { path: 'Conv2D', ours: false, msPerStep: 20, callsPerStep: 9 },
    { path: 'Conv2DBackpropFilter › Conv2D', ours: false, msPerStep: 16, callsPerStep: 9 },
    { path: 'Concat', ours: true, msPerStep: 4, callsPerStep: 6 },
    { path: 'disposeData', ours: false, msPerStep: 2, callsPerStep: 700.5 },
  ],
};

describe('step profile table', () => {
  test('top rows with share and calls, the rest summed, then time outside kernels and the step', () => {
    const lines = formatProfile(PROFILE, 2).split('\n');
    expect(lines[0]).toBe('| # | kernel (exclusive time) | kernel by | ms/step | share of step | calls/step |');
    expect(lines[2]).toBe('| 1 | Conv2D | backend | 20.00 | 25.0 % | 9 |');
    expect(lines[3]).toBe('| 2 | Conv2DBackpropFilter › Conv2D | backend | 16.00 | 20.0 % | 9 |');
    expect(lines[4]).toBe('|  | 2 other kernels |  | 6.00 | 7.5 % | 706.5 |');
    expect(lines[5]).toBe('|  | outside kernels (engine, tape, tfjs-layers) |  | 38.00 | 47.5 % |  |');
    expect(lines[6]).toBe('|  | step, mean of 4 timed steps |  | 80.00 | 100 % |  |');
  });
});
