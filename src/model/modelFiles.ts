/**
 * The trained model as files, and files back into a model. Export writes the standard TF.js
 * layers format (model.json + weights.bin: `tf.loadLayersModel` reads it unchanged). Import
 * treats the files as data only: JSON is parsed, never evaluated; only layer classes TF.js
 * itself registers can be built; every check fails with a sentence naming the problem.
 */
import * as tf from '@tensorflow/tfjs';
import type { LayersArtifacts } from '../train/checkpoint';

export const WEIGHTS_FILE = 'weights.bin';

/** A file as the user chose it. */
export interface ModelFile {
  name: string;
  bytes: ArrayBuffer;
}

/** model.json for artifacts whose weights are stored in one `weights.bin` beside it. */
export function modelJsonFor(artifacts: LayersArtifacts): string {
  const json: tf.io.ModelJSON = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
  };
  return JSON.stringify(json);
}

/** A rejected import; the message says what is wrong with which file. */
export class ModelImportError extends Error {}

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
const MAX_JSON_BYTES = 16 * 1024 * 1024;

/**
 * Validates a model.json + weights pair and builds the model: format, one 28×28×1 input,
 * 10 outputs, the weight files present with the byte counts the manifest describes, and
 * names and shapes that fit the topology.
 * @throws ModelImportError
 */
export async function importModel(files: ModelFile[]): Promise<tf.LayersModel> {
  const json = parseModelJson(files);
  const byName = new Map(files.map((file) => [baseName(file.name), file]));
  const groups = json.weightsManifest;
  const specs = groups.flatMap((group) => group.weights);
  checkSpecs(specs);
  const buffers = groups.map((group) => {
    const parts = group.paths.map((path) => {
      const file = byName.get(baseName(path));
      if (!file)
        throw new ModelImportError(
          `model.json needs the weights file "${baseName(path)}", which was not chosen. Choose model.json and ${baseName(path)} together.`,
        );
      return file;
    });
    const expected = group.weights.reduce(
      (sum, spec) => sum + valueCount(spec.shape) * BYTES_PER_VALUE[spec.dtype]!,
      0,
    );
    const actual = parts.reduce((sum, part) => sum + part.bytes.byteLength, 0);
    if (actual !== expected) {
      const names = parts.map((part) => baseName(part.name)).join(' + ');
      throw new ModelImportError(
        `${names} is ${actual.toLocaleString('en-US')} bytes, but model.json describes ${expected.toLocaleString('en-US')} bytes of weights: the files do not belong together or one is truncated.`,
      );
    }
    return tf.io.concatenateArrayBuffers(parts.map((part) => part.bytes));
  });

  const model = await buildTopology(json.modelTopology);
  try {
    checkShapes(model);
    const decoded = tf.io.decodeWeights(tf.io.concatenateArrayBuffers(buffers), specs);
    try {
      model.loadWeights(decoded, true);
    } catch (error) {
      throw new ModelImportError(
        `The weights in ${WEIGHTS_FILE} do not fit the model in model.json: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      tf.dispose(Object.values(decoded));
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}

interface LayersModelJson {
  modelTopology: object;
  weightsManifest: tf.io.WeightsManifestConfig;
}

function parseModelJson(files: ModelFile[]): LayersModelJson {
  const jsonFiles = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (jsonFiles.length !== 1) {
    throw new ModelImportError(
      jsonFiles.length === 0
        ? `No model.json was chosen (got ${files.map((f) => f.name).join(', ') || 'nothing'}). Choose the model's model.json and ${WEIGHTS_FILE} together.`
        : `Choose one model.json, not ${jsonFiles.length} (${jsonFiles.map((f) => f.name).join(', ')}).`,
    );
  }
  const file = jsonFiles[0]!;
  if (file.bytes.byteLength > MAX_JSON_BYTES)
    throw new ModelImportError(
      `${file.name} is ${file.bytes.byteLength.toLocaleString('en-US')} bytes; a model description this large is not a TF.js model.json.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(file.bytes));
  } catch (error) {
    throw new ModelImportError(
      `${file.name} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (!isRecord(parsed))
    throw new ModelImportError(
      `${file.name} is not a TensorFlow.js model: it holds a JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an object.`,
    );
  if (typeof parsed.format === 'string' && parsed.format !== 'layers-model') {
    throw new ModelImportError(
      `${file.name} is a TensorFlow.js "${parsed.format}"; only layers models ("layers-model") can be imported.`,
    );
  }
  if (!isRecord(parsed.modelTopology))
    throw new ModelImportError(`${file.name} is not a TensorFlow.js layers model: it has no "modelTopology" object.`);
  const manifest = parsed.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.length === 0 ||
    !manifest.every((g) => isRecord(g) && Array.isArray(g.paths) && Array.isArray(g.weights))
  ) {
    throw new ModelImportError(
      `${file.name} is not a TensorFlow.js layers model: "weightsManifest" must list weight files and their weights.`,
    );
  }
  return { modelTopology: parsed.modelTopology, weightsManifest: manifest as tf.io.WeightsManifestConfig };
}

function checkSpecs(specs: tf.io.WeightsManifestEntry[]): void {
  for (const spec of specs) {
    const shapeOk = Array.isArray(spec.shape) && spec.shape.every((d) => Number.isInteger(d) && d >= 0);
    if (typeof spec.name !== 'string' || !shapeOk)
      throw new ModelImportError(
        `model.json lists a weight with no valid name or shape (${JSON.stringify(spec).slice(0, 80)}).`,
      );
    if (spec.quantization)
      throw new ModelImportError(
        `The weight ${spec.name} is quantized (${spec.quantization.dtype}); only unquantized weights can be imported.`,
      );
    if (!(spec.dtype in BYTES_PER_VALUE))
      throw new ModelImportError(
        `The weight ${spec.name} has dtype "${spec.dtype}"; only float32, int32 and bool are supported.`,
      );
  }
}

async function buildTopology(modelTopology: object): Promise<tf.LayersModel> {
  try {
    return await tf.models.modelFromJSON({ modelTopology } as tf.io.ModelJSON);
  } catch (error) {
    throw new ModelImportError(
      `The model in model.json cannot be built: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function checkShapes(model: tf.LayersModel): void {
  const inputShape = model.inputs.length === 1 ? model.inputs[0]!.shape : null;
  if (!inputShape || !sameShape(inputShape, [null, 28, 28, 1])) {
    const got = model.inputs.map((input) => formatShape(input.shape)).join(', ');
    throw new ModelImportError(
      `The model's input is ${got}; this app needs one [batch, 28, 28, 1] input (a 28×28 grayscale digit).`,
    );
  }
  const outputShape = model.outputs.length === 1 ? model.outputs[0]!.shape : null;
  if (!outputShape || !sameShape(outputShape, [null, 10])) {
    const got = model.outputs.map((output) => formatShape(output.shape)).join(', ');
    throw new ModelImportError(`The model's output is ${got}; this app needs 10 outputs, one per digit ([batch, 10]).`);
  }
}

function sameShape(shape: (number | null)[], expected: (number | null)[]): boolean {
  return shape.length === expected.length && shape.every((d, i) => d === expected[i]);
}

function formatShape(shape: (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'batch' : d)).join(', ')}]`;
}

function valueCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
