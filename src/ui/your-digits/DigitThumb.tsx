import { useEffect, useRef } from 'react';
import type { JSX } from 'react';
import { inkToRgba, MNIST_SIZE } from '../../draw/preprocess';
import styles from './YourDigits.module.css';

/** One stored digit as the model saw it: 784 bytes (0–255), white on black, each pixel a sharp square. */
export function DigitThumb({ pixels, label }: { pixels: Uint8Array; label: string }): JSX.Element {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(MNIST_SIZE, MNIST_SIZE);
    image.data.set(
      inkToRgba(
        Float32Array.from(pixels, (byte) => byte / 255),
        MNIST_SIZE,
        MNIST_SIZE,
      ),
    );
    context.putImageData(image, 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={canvasRef}
      className={styles.thumb}
      width={MNIST_SIZE}
      height={MNIST_SIZE}
      role="img"
      aria-label={label}
    />
  );
}
