import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveLayersArtifacts } from '../train/checkpoint';
import { SMALL_DENSENET } from '../test-support/small-densenet';
import { buildDenseNet, type DenseNet } from './densenet';
import { importModel, modelJsonFor, ModelImportError, WEIGHTS_FILE, type ModelFile } from './modelFiles';

let net: DenseNet;
let modelJson: string;
let weights: ArrayBuffer;
let server: Server;
let baseUrl: string;

const images = () => tf.tidy(() => tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 11) as tf.Tensor4D);
const encode = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const files = (json: string | ArrayBuffer, bin: ArrayBuffer = weights, binName = WEIGHTS_FILE): ModelFile[] => [
  { name: 'model.json', bytes: typeof json === 'string' ? encode(json) : json },
  { name: binName, bytes: bin },
];

async function predictions(model: tf.LayersModel): Promise<Float32Array> {
  const input = images();
  const output = model.predict(input) as tf.Tensor;
  const values = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  return values;
}

describe('model files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    net = buildDenseNet(SMALL_DENSENET, 21);
    const artifacts = await saveLayersArtifacts(net.model);
    modelJson = modelJsonFor(artifacts);
    weights = artifacts.weightData;
    // A static server for the exported files, as a user would host them.
    server = createServer((request, response) => {
      const body =
        request.url === '/model.json'
          ? Buffer.from(modelJson)
          : request.url === `/${WEIGHTS_FILE}`
            ? Buffer.from(weights)
            : null;
      response.writeHead(body ? 200 : 404).end(body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
    net.model.dispose();
  });

  test('the exported files load unchanged with tf.loadLayersModel and predict the same', async () => {
    const loaded = await tf.loadLayersModel(`${baseUrl}/model.json`);
    expect(await predictions(loaded)).toEqual(await predictions(net.model));
    expect(loaded.inputs[0]!.shape).toEqual([null, 28, 28, 1]);
    loaded.dispose();
  });

  test('an exported model imports back with the same predictions', async () => {
    const imported = await importModel(files(modelJson));
    expect(await predictions(imported)).toEqual(await predictions(net.model));
    imported.dispose();
  });

  test('malformed files each get their own message', async () => {
    const json = JSON.parse(modelJson) as {
      modelTopology: { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    };
    const withLayer = (edit: (layers: { class_name: string; config: Record<string, unknown> }[]) => void) => {
      const copy = structuredClone(json);
      edit(copy.modelTopology.config.layers);
      return JSON.stringify(copy);
    };
    const cases: [ModelFile[], RegExp][] = [
      [files('{"modelTopology": '), /^model\.json is not valid JSON \(/],
      [
        files(JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] })),
        /is a TensorFlow\.js "graph-model"; only layers models/,
      ],
      [files(JSON.stringify({ weightsManifest: [] })), /has no "modelTopology" object/],
      [
        files(withLayer((layers) => (layers[0]!.config.batch_input_shape = [null, 32, 32, 3]))),
        /input is \[batch, 32, 32, 3\]; this app needs one \[batch, 28, 28, 1\] input/,
      ],
      [
        files(withLayer((layers) => (layers.find((l) => l.config.name === 'logits')!.config.units = 5))),
        /output is \[batch, 5\]; this app needs 10 outputs/,
      ],
      [
        files(modelJson, weights.slice(0, 1000)),
        /^weights\.bin is 1,000 bytes, but model\.json describes [\d,]+ bytes of weights/,
      ],
      [files(modelJson, weights, 'other.bin'), /needs the weights file "weights\.bin", which was not chosen/],
      [[{ name: WEIGHTS_FILE, bytes: weights }], /^No model\.json was chosen/],
      [files(withLayer((layers) => (layers[1]!.class_name = 'EvilLayer'))), /cannot be built: .*EvilLayer/],
    ];
    for (const [input, message] of cases) {
      const before = tf.memory().numTensors;
      const error = await importModel(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(message)).toBeInstanceOf(ModelImportError);
      expect((error as Error).message).toMatch(message);
      expect(tf.memory().numTensors, `no tensors left behind by ${message}`).toBe(before);
    }
  });
});
