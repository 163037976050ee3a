/**
 * Adam (Kingma & Ba) with a fused per-variable update where the backend has one.
 *
 *   m ← β₁·m + (1−β₁)·g        v ← β₂·v + (1−β₂)·g²
 *   θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)
 *
 * Same maths and the same saved weights as `tf.train.adam` (its `getWeights` layout: the
 * iteration count, then every first moment, then every second moment), so checkpoints move
 * between the two. `tf.train.adam` spends about a dozen kernels per variable per step; with the
 * fused kernel (`ADAM_UPDATE`, registered per backend) it is one.
 */
import * as tf from '@tensorflow/tfjs';

/** `{name, tensor}` as the optimizer API saves weights (tfjs-core's NamedTensor). */
type NamedTensor = { name: string; tensor: tf.Tensor };
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../backend/kernel-names';

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'Adam';
  }

  private firstMoments: Moment[] = [];
  private secondMoments: Moment[] = [];

  /**
   * Decoupled weight decay (AdamW, Loshchilov & Hutter): before each update, kernels (variables
   * of rank ≥ 2, not biases or batch-norm parameters) shrink by lr·weightDecay. 0 = plain Adam.
   */
  weightDecay = 0;

  constructor(
    /** Mutable: a schedule may set it before each step. */
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    // As tf.train.adam: the backend's epsilon (1e-7 at float32, 1e-4 on float16 GPUs).
    readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((entry) => entry.name)
      : Object.keys(variableGradients);
    const step = this.iterations + 1;
    const attrs: AdamUpdateAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      biasCorrection1: 1 - this.beta1 ** step,
      biasCorrection2: 1 - this.beta2 ** step,
    };
    const fused = tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      names.forEach((name, index) => {
        const gradient = Array.isArray(variableGradients) ? variableGradients[index]?.tensor : variableGradients[name];
        if (gradient === undefined) return;
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) throw new Error(`Adam: no variable named ${name}.`);
        const [m, v] = this.moments(index, name, value);
        const decayed =
          this.weightDecay > 0 && value.rank >= 2 ? tf.mul(value, 1 - this.learningRate * this.weightDecay) : value;
        const [newValue, newM, newV] = fused
          ? (tf.engine().runKernel(ADAM_UPDATE, { value: decayed, gradient, m, v }, { ...attrs }) as tf.Tensor[])
          : composedUpdate(decayed, gradient, m, v, attrs);
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
    });
    this.incrementIterations();
  }

  /** The moment variables of the `index`-th trained variable, made (zero) on first use. */
  private moments(index: number, name: string, value: tf.Variable): [tf.Variable, tf.Variable] {
    const make = (suffix: string): Moment => ({
      originalName: `${name}/${suffix}`,
      variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
    });
    this.firstMoments[index] ??= make('m');
    this.secondMoments[index] ??= make('v');
    return [this.firstMoments[index].variable, this.secondMoments[index].variable];
  }

  override dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((moment) => moment.variable));
    this.firstMoments = [];
    this.secondMoments = [];
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const moments = [...this.firstMoments, ...this.secondMoments];
    return [
      await this.saveIterations(),
      ...moments.map((moment) => ({ name: moment.originalName, tensor: moment.variable })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    this.dispose();
    const count = moments.length / 2;
    const toMoment = (entry: NamedTensor): Moment => ({
      originalName: entry.name,
      variable: entry.tensor.variable(false),
    });
    this.firstMoments = moments.slice(0, count).map(toMoment);
    this.secondMoments = moments.slice(count).map(toMoment);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** The update from standard ops, for backends without the fused kernel (same order as tfjs). */
export function composedUpdate(
  value: tf.Tensor,
  gradient: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: AdamUpdateAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const newM = tf.add(tf.mul(m, attrs.beta1), tf.mul(gradient, 1 - attrs.beta1));
  const newV = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(gradient), 1 - attrs.beta2));
  const mHat = tf.div(newM, attrs.biasCorrection1);
  const vHat = tf.div(newV, attrs.biasCorrection2);
  const newValue = tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), attrs.epsilon)), -attrs.learningRate), value);
  return [newValue, newM, newV];
}
