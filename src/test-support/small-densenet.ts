import type { DenseNetSpec } from '../model/densenet';

/**
 * A narrow DenseNet with the reference structure (stem, dense blocks with a transition,
 * hidden dense layer), for tests of the loop and the worker logic: the cpu backend in Node
 * trains the reference model at about one image per second, this one at about twenty. The
 * reference model is tested in model/densenet.test.ts and trained end to end by the e2e suite.
 */
export const SMALL_DENSENET: DenseNetSpec = {
  stemFilters: 4,
  blocks: [
    { units: 1, growth: 4, transitionFilters: 4 },
    { units: 1, growth: 4 },
  ],
  hiddenUnits: 32,
  classes: 10,
};
