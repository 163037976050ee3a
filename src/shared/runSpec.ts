/**
 * The run parameters (params.ts) as the rest of the app uses them: a RunSpec (architecture +
 * recipe) and back. Shared by the URL, the CLI and the editor.
 */
import { defaultParameters, type RunParameters } from './params';
import { DEFAULT_DENSENET_BC, presetConfig, type DenseNetBCSpec, type ModelConfig, type PresetName } from './presets';
import { presetRunSpec, type RunSpec } from './recipe';

/** What the compare view lines up unless told otherwise: the tutorial's DenseNet-vs-ResNet table. */
export const DEFAULT_COMPARE: readonly PresetName[] = defaultParameters().compare;

export const DEFAULT_RUN_SPEC: RunSpec = presetRunSpec('seed');

/** The architecture part of the parameters that belongs to DenseNet-BC. */
export function denseNetBCSpecOf(parameters: Pick<RunParameters, 'growth' | 'units' | 'compression'>): DenseNetBCSpec {
  const { growth, units, compression } = parameters;
  return { ...DEFAULT_DENSENET_BC, growth, blockUnits: [...units], compression };
}

export function runSpecFromParameters(parameters: RunParameters): RunSpec {
  const model: ModelConfig =
    parameters.preset === 'densenet-bc'
      ? { preset: 'densenet-bc', spec: denseNetBCSpecOf(parameters) }
      : presetConfig(parameters.preset);
  const { lr, schedule, wd, smoothing, augment } = parameters;
  return { model, training: { learningRate: lr, schedule, weightDecay: wd, labelSmoothing: smoothing, augment } };
}

/** The architecture and recipe parameters of `run`; DenseNet-BC's knobs keep their defaults for other presets. */
export function parametersOfRunSpec({ model, training }: RunSpec): RunParameters {
  const bc = model.preset === 'densenet-bc' ? model.spec : DEFAULT_DENSENET_BC;
  return {
    ...defaultParameters(model.preset),
    growth: bc.growth,
    units: [...bc.blockUnits],
    compression: bc.compression,
    lr: training.learningRate,
    schedule: training.schedule,
    wd: training.weightDecay,
    smoothing: training.labelSmoothing,
    augment: training.augment,
  };
}
