import type { DenseNetSpec } from '../model/densenet';

/**
 * A narrow DenseNet with the reference structure (stem, dense blocks with a transition,
 * hidden dense layer), for tests of the loop and the worker logic: on the wasm backend in Node
 * (test-support/backends.ts) it trains at about 300 images per second, the reference model at
 * about 80. The reference model is tested in model/densenet.test.ts and trained end to end by
 * the e2e suite.
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
