/**
 * A small seeded PRNG (mulberry32) and a Fisher–Yates shuffle. The shuffle runs on the CPU
 * once per epoch over indices only (60,000 int32 = 240 KB); the images never leave the device.
 */

/** Returns a function giving uniform floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * mulberry32 with its state exposed, so a checkpoint can store where the sequence is and a
 * resumed run draws exactly the numbers the uninterrupted one would have. `seededRandom(seed)`
 * yields the same sequence as `mulberry32(seed)`.
 */
export interface SeededRandom {
  next(): number;
  /** The 32-bit state; `seededRandom(state())` continues the sequence from here. */
  state(): number;
}

export function seededRandom(initialState: number): SeededRandom {
  let state = initialState >>> 0;
  return {
    next: () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
    state: () => state,
  };
}

/** A uniformly random permutation of 0 … n−1. */
export function shuffledIndices(n: number, random: () => number): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = swap;
  }
  return indices;
}

/** A seed for runs where the user gave none. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 4_294_967_296);
}
