/**
 * Model files: the model downloads as model.json + weights.bin, a different page
 * imports them and predicts exactly the same on 100 test images, and malformed files each
 * get their own message while the current model stays usable. A one-batch WASM run; the
 * malformed files need no training, so that page starts on cpu.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { RecoveryPanel } from './pages/RecoveryPanel';
import { SEVEN_STROKE } from './pages/TrainerPage';

const RUN_TIMEOUT_MS = 200_000;

test('export → import in another page: the same predictions on 100 test images, and evaluation on the test set', async ({
  trainer,
  page,
}) => {
  const recovery = new RecoveryPanel(page);
  await trainer.goto({ epochs: 1, train: 32, batch: 32, test: 100, backend: 'wasm', seed: 1, hooks: 1 });
  await trainer.waitUntilReady();
  await trainer.train();
  expect(await trainer.waitForFinished(RUN_TIMEOUT_MS)).toBe('completed');
  const trained = await recovery.testPredictions(100);
  const files = await recovery.exportModel();
  expect([...files.keys()].sort()).toEqual(['model.json', 'weights.bin']);
  const modelPath = await files.get('model.json')!.path();
  const weightsPath = await files.get('weights.bin')!.path();
  const modelJson = JSON.parse(await readFile(modelPath, 'utf8')) as {
    format: string;
    weightsManifest: { paths: string[] }[];
  };
  expect(modelJson.format).toBe('layers-model');
  expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
  expect((await readFile(weightsPath)).byteLength).toBe(430_210 * 4);

  // A new page with a differently seeded model predicts differently...
  await trainer.goto({ epochs: 1, train: 32, batch: 32, test: 100, backend: 'wasm', seed: 2, hooks: 1 });
  await trainer.waitUntilReady();
  const fresh = await recovery.testPredictions(100);
  expect(fresh.probabilities).not.toEqual(trained.probabilities);

  // ...until it imports the downloaded files.
  // Downloads are saved under generated names: give the files their real names, as a user's would have.
  await recovery.importInput.setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: await readFile(modelPath) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: await readFile(weightsPath) },
  ]);
  await expect(recovery.importedModel).toContainText('Using the imported model.json (430,210 parameters)');
  const imported = await recovery.testPredictions(100);
  expect(imported.predicted).toEqual(trained.predicted);
  expect(imported.probabilities).toEqual(trained.probabilities);

  // The imported model classifies drawings and is evaluated on the test set.
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect(trainer.guess).toHaveText(/^It looks like a \d/);
  await recovery.evaluateButton.click();
  await expect(recovery.modelEvaluation).toContainText(
    /^Imported model: test accuracy \d+\.\d\d %, loss \d+\.\d{4} on 100 test images\.$/,
  );
  const accuracy = Number(await recovery.modelEvaluation.getAttribute('data-accuracy'));
  const labels = await page.evaluate(async () => {
    const gzipped = (await fetch('data/mnist-labels.u8.gzip')).body!.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(gzipped).arrayBuffer()).slice(60_000, 60_100);
  });
  const correct = imported.predicted.filter((p, i) => p === labels[i]).length;
  expect(accuracy).toBeCloseTo(correct / 100, 6);
});

test('five malformed model files get five specific messages (and a dropped lone model.json a sixth), and the model in use stays', async ({
  trainer,
  page,
}) => {
  const recovery = new RecoveryPanel(page);
  await trainer.goto({ backend: 'cpu', train: 32, test: 32, seed: 1 });
  await trainer.waitUntilReady();
  const files = await recovery.exportModel();
  const modelJson = await readFile(await files.get('model.json')!.path(), 'utf8');
  const weights = await readFile(await files.get('weights.bin')!.path());
  const json = JSON.parse(modelJson) as {
    modelTopology: { config: { layers: { config: Record<string, unknown> }[] } };
  };
  const edited = (edit: (layers: { config: Record<string, unknown> }[]) => void) => {
    const copy = structuredClone(json);
    edit(copy.modelTopology.config.layers);
    return JSON.stringify(copy);
  };
  const pair = (text: string, bin: Buffer = weights) => [
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(text) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: bin },
  ];
  const cases: [ReturnType<typeof pair>, RegExp][] = [
    [pair('{"modelTopology": {'), /^model\.json is not valid JSON \(.+\)\.$/],
    [
      pair(JSON.stringify({ format: 'layers-model', weightsManifest: [] })),
      /^model\.json is not a TensorFlow\.js layers model: it has no "modelTopology" object\.$/,
    ],
    [
      pair(edited((layers) => (layers[0]!.config.batch_input_shape = [null, 32, 32, 3]))),
      /^The model's input is \[batch, 32, 32, 3\]; this app needs one \[batch, 28, 28, 1\] input/,
    ],
    [
      pair(edited((layers) => (layers.find((layer) => layer.config.name === 'logits')!.config.units = 5))),
      /^The model's output is \[batch, 5\]; this app needs 10 outputs, one per digit/,
    ],
    [
      pair(modelJson, weights.subarray(0, 100_000)),
      /^weights\.bin is 100,000 bytes, but model\.json describes 1,720,840 bytes of weights/,
    ],
  ];
  for (const [index, [input, message]] of cases.entries()) {
    await recovery.importInput.setInputFiles(input);
    await expect(trainer.errors).toHaveCount(index + 1);
    await expect(trainer.errors.nth(index)).toHaveAttribute('data-code', 'import');
    await expect(trainer.errors.nth(index).locator('span')).toHaveText(message);
  }
  // Dropped files go through the same checks: here the weights file is missing.
  const drop = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'model.json', { type: 'application/json' }));
    return transfer;
  }, modelJson);
  await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: drop });
  await expect(trainer.errors).toHaveCount(cases.length + 1);
  await expect(trainer.errors.last().locator('span')).toHaveText(
    'model.json needs the weights file "weights.bin", which was not chosen. Choose model.json and weights.bin together.',
  );

  await expect(recovery.importedModel).toHaveCount(0);
  // The app's own model still classifies.
  await trainer.drawDigit([SEVEN_STROKE]);
  await expect(trainer.guess).toHaveText(/^It looks like a \d/);
});
