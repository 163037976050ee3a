/**
 * Inference on the current network for the views: the drawing's probabilities, its feature
 * maps, and pages of the test-image gallery.
 */
import * as tf from '@tensorflow/tfjs';
import { createFeatureExtractor } from '../model/features';
import { galleryPage } from './gallery';
import type { Command, Post } from './protocol';
import type { Session } from './session';

export async function predictOne(session: Session | null, id: number, pixels: Float32Array, post: Post): Promise<void> {
  if (!session) return post({ type: 'error', code: 'predict', message: 'The model is not ready yet.' });
  const output = tf.tidy(() => session.net.model.predict(tf.tensor4d(pixels, [1, 28, 28, 1])) as tf.Tensor2D);
  try {
    const probabilities = (await output.data()) as Float32Array;
    post({ type: 'prediction', id, probabilities, trained: session.trained }, [probabilities.buffer]);
  } finally {
    output.dispose();
  }
}

/** Activations of the drawing at the stem, the dense blocks and the transitions. */
export async function extractFeatures(
  session: Session | null,
  id: number,
  pixels: Float32Array,
  post: Post,
): Promise<void> {
  if (!session) return post({ type: 'error', code: 'predict', message: 'The model is not ready yet.' });
  session.features ??= createFeatureExtractor(session.net.model);
  const layers = await session.features.extract(pixels);
  post(
    { type: 'features', id, layers },
    layers.map((layer) => layer.values.buffer as ArrayBuffer),
  );
}

export function postGalleryPage(session: Session, command: Extract<Command, { type: 'gallery' }>, post: Post): void {
  const page = galleryPage(
    session.testPixels,
    session.testLabels,
    session.lastPredictions!,
    command.filter,
    command.offset,
    command.limit,
  );
  post({ type: 'gallery-page', ...page }, [page.pixels.buffer as ArrayBuffer]);
}
