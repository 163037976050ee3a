import { useEffect, useRef } from 'react';
import type { JSX } from 'react';
import { MNIST_SIZE, inkToRgba } from '../../draw/preprocess';

export interface InputPreviewProps {
  /** The model's input: 784 floats 0–1, row-major 28×28 (1 = ink); null shows an empty field. */
  input: Float32Array | null;
  /** Displayed side of the square, in CSS px (default 112, i.e. 4 CSS px per input pixel). */
  size?: number;
}

/**
 * Shows the 28×28 image the model sees, white ink on black, each input pixel a sharp
 * square: a 28×28 canvas enlarged by CSS with `image-rendering: pixelated`.
 */
export function InputPreview({ input, size = 112 }: InputPreviewProps): JSX.Element {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(MNIST_SIZE, MNIST_SIZE);
    image.data.set(inkToRgba(input, MNIST_SIZE, MNIST_SIZE));
    context.putImageData(image, 0, 0);
  }, [input]);

  return (
    <canvas
      ref={canvasRef}
      data-testid="draw-preview"
      width={MNIST_SIZE}
      height={MNIST_SIZE}
      role="img"
      aria-label={
        input
          ? 'What the model sees: your digit cropped, scaled to 20 pixels and centred in a 28 by 28 pixel field'
          : 'What the model sees: an empty 28 by 28 pixel field, nothing drawn yet'
      }
      // Functional, not decoration: the display size comes from a prop, and without
      // `pixelated` the browser would blur the 28 pixels into a smear.
      style={{ width: size, height: size, imageRendering: 'pixelated', background: '#000' }}
    />
  );
}
