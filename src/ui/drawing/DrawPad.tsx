import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { JSX, KeyboardEvent, PointerEvent, RefObject } from 'react';
import { rgbaToInk, toMnistInput } from '../../draw/preprocess';
import styles from './DrawPad.module.css';

/**
 * Side of the pad in canvas pixels and in CSS px. The backing store stays 280×280 even on
 * high-DPI screens: the ink is shrunk to 20×20 anyway, so extra resolution buys nothing,
 * and a fixed size keeps the stroke width (in ink pixels) the same on every device.
 */
const PAD_SIZE = 280;
/** Stroke width in pad pixels: on a digit ~200 px tall it scales to ~2 px of the 20-px box, as in MNIST. */
const STROKE_WIDTH = 18;
const BACKGROUND_COLOUR = '#000';
/** White: `rgbaToInk` reads ink as luminance × opacity, so white on black is full ink. */
const INK_COLOUR = '#fff';
const CLEAR_KEYS = new Set(['Delete', 'Backspace', 'Escape']);

/** A point in pad pixels, (0, 0) at the top-left corner. */
interface PadPoint {
  x: number;
  y: number;
}

/** The stroke being drawn: which pointer draws it and where it last was. */
interface ActiveStroke {
  pointerId: number;
  last: PadPoint;
}

export interface DrawPadProps {
  /**
   * Receives the 784-float MNIST input (row-major 28×28, 0–1, see `toMnistInput`) while
   * drawing (at most once per animation frame) and after each stroke; null after Clear.
   */
  onInput(input: Float32Array | null): void;
}

/** Client (viewport) coordinates → pad pixels, allowing for any CSS scaling of the canvas. */
function toPadPoint(clientX: number, clientY: number, rect: DOMRect): PadPoint {
  const scaleX = rect.width > 0 ? PAD_SIZE / rect.width : 1;
  const scaleY = rect.height > 0 ? PAD_SIZE / rect.height : 1;
  return { x: (clientX - rect.left) * scaleX, y: (clientY - rect.top) * scaleY };
}

function paintBackground(context: CanvasRenderingContext2D): void {
  context.fillStyle = BACKGROUND_COLOUR;
  context.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
}

/** A round blob where a stroke starts, so a tap leaves a dot. */
function drawDot(context: CanvasRenderingContext2D, point: PadPoint): void {
  context.fillStyle = INK_COLOUR;
  context.beginPath();
  context.arc(point.x, point.y, STROKE_WIDTH / 2, 0, 2 * Math.PI);
  context.fill();
}

/** One polyline through the points, starting at `from`, with round caps and joins. */
function drawPolyline(context: CanvasRenderingContext2D, from: PadPoint, points: PadPoint[]): void {
  context.strokeStyle = INK_COLOUR;
  context.lineWidth = STROKE_WIDTH;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  context.moveTo(from.x, from.y);
  for (const point of points) context.lineTo(point.x, point.y);
  context.stroke();
}

/**
 * Every position the pointer passed since the last event: browsers batch fast pen and
 * mouse moves into one event per frame, and the coalesced list restores the in-between
 * samples so quick curves stay smooth. Not every browser (or insecure context) has it.
 */
function movementSamples(event: globalThis.PointerEvent): globalThis.PointerEvent[] {
  const coalesced = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
  return coalesced.length > 0 ? coalesced : [event];
}

/** The pad's current drawing as an MNIST input (null when empty). */
function readInput(context: CanvasRenderingContext2D): Float32Array | null {
  const { data } = context.getImageData(0, 0, PAD_SIZE, PAD_SIZE);
  return toMnistInput(rgbaToInk(data, PAD_SIZE, PAD_SIZE), PAD_SIZE, PAD_SIZE);
}

/** A ref that always holds the latest value, for callbacks that must not be re-created. */
function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  }, [value]);
  return ref;
}

/** The canvas, its 2D context, the stroke in progress and the reporting of the drawing. */
interface PadSurface {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  contextRef: RefObject<CanvasRenderingContext2D | null>;
  strokeRef: RefObject<ActiveStroke | null>;
  /** Report the drawing now (end of a stroke), dropping any report queued for the next frame. */
  emitNow(): void;
  /** Report the drawing on the next animation frame; calls before then share one report. */
  emitNextFrame(): void;
  /** Drop a report queued for the next frame. */
  cancelFrame(): void;
  /** End any stroke, wipe the pad to black and report null. */
  clear(): void;
}

/** Creates the surface once; its functions read the refs, so they never go stale. */
function usePadSurface(canvasRef: RefObject<HTMLCanvasElement | null>, onInput: DrawPadProps['onInput']): PadSurface {
  const contextRef = useRef<CanvasRenderingContext2D | null>(null);
  const strokeRef = useRef<ActiveStroke | null>(null);
  const frameRef = useRef<number | null>(null);
  const onInputRef = useLatest(onInput);
  return useMemo<PadSurface>(() => {
    const cancelFrame = () => {
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
      frameRef.current = null;
    };
    const emitNow = () => {
      cancelFrame();
      if (contextRef.current) onInputRef.current(readInput(contextRef.current));
    };
    // Preprocessing takes a few milliseconds, so while drawing do it at most once a frame.
    const emitNextFrame = () => {
      frameRef.current ??= requestAnimationFrame(() => {
        frameRef.current = null;
        emitNow();
      });
    };
    const clear = () => {
      strokeRef.current = null;
      cancelFrame();
      if (contextRef.current) paintBackground(contextRef.current);
      onInputRef.current(null);
    };
    return { canvasRef, contextRef, strokeRef, cancelFrame, emitNow, emitNextFrame, clear };
  }, [canvasRef, onInputRef]);
}

/** Gets the 2D context once the canvas is mounted and paints it black; tidies up on unmount. */
function usePadContext(surface: PadSurface): void {
  useEffect(() => {
    const { canvasRef, contextRef } = surface;
    // willReadFrequently: the pixels are read back every frame, which is faster from a CPU canvas.
    contextRef.current = canvasRef.current?.getContext('2d', { willReadFrequently: true }) ?? null;
    if (contextRef.current) paintBackground(contextRef.current);
    return () => {
      surface.cancelFrame();
      contextRef.current = null;
    };
  }, [surface]);
}

type CanvasPointerEvent = PointerEvent<HTMLCanvasElement>;

/** Pointer down: start a stroke with a dot, unless another pointer is already drawing. */
function beginStroke(surface: PadSurface, event: CanvasPointerEvent): void {
  const { contextRef, strokeRef } = surface;
  const context = contextRef.current;
  // One pointer draws at a time; with a mouse, only the main button draws.
  if (!context || strokeRef.current || (event.pointerType === 'mouse' && event.button !== 0)) return;
  // Cancelling pointerdown stops the mouse events that would start a text selection;
  // that also skips the focus a click gives, so focus explicitly (for the clear keys).
  event.preventDefault();
  const canvas = event.currentTarget;
  canvas.focus({ preventScroll: true });
  try {
    // Capture keeps the stroke going when the pointer leaves the canvas mid-stroke.
    canvas.setPointerCapture(event.pointerId);
  } catch {
    // A synthetic event (e.g. dispatched by a test) has no live pointer to capture; draw anyway.
  }
  const point = toPadPoint(event.clientX, event.clientY, canvas.getBoundingClientRect());
  drawDot(context, point);
  strokeRef.current = { pointerId: event.pointerId, last: point };
  surface.emitNextFrame();
}

/** Pointer move: extend the stroke through every sampled position. */
function continueStroke(surface: PadSurface, event: CanvasPointerEvent): void {
  const context = surface.contextRef.current;
  const stroke = surface.strokeRef.current;
  if (!context || !stroke || stroke.pointerId !== event.pointerId) return;
  const rect = event.currentTarget.getBoundingClientRect();
  const points = movementSamples(event.nativeEvent).map((s) => toPadPoint(s.clientX, s.clientY, rect));
  drawPolyline(context, stroke.last, points);
  stroke.last = points[points.length - 1] ?? stroke.last;
  surface.emitNextFrame();
}

/** Pointer up, cancelled or capture lost: the stroke is over, so report it at once. */
function endStroke(surface: PadSurface, event: CanvasPointerEvent): void {
  if (surface.strokeRef.current?.pointerId !== event.pointerId) return;
  surface.strokeRef.current = null;
  surface.emitNow();
}

/**
 * A 280×280 drawing pad: white, round-capped strokes on black, drawn with a mouse, pen or
 * finger. Reports the MNIST-style input through `onInput`. The Clear button, or Delete,
 * Backspace or Escape while the pad has focus, wipes it.
 */
export function DrawPad({ onInput }: DrawPadProps): JSX.Element {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surface = usePadSurface(canvasRef, onInput);
  usePadContext(surface);
  const handleStrokeEnd = (event: CanvasPointerEvent) => endStroke(surface, event);
  const handleKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (!CLEAR_KEYS.has(event.key)) return;
    event.preventDefault();
    surface.clear();
  };

  return (
    <div className={styles.drawPad}>
      <canvas
        ref={canvasRef}
        className={styles.canvas}
        data-testid="draw-canvas"
        width={PAD_SIZE}
        height={PAD_SIZE}
        role="img"
        tabIndex={0}
        aria-label="Drawing pad: draw one digit, 0 to 9, with a mouse, pen or finger. Press Delete, Backspace or Escape to clear it."
        // Without this a finger would scroll or zoom the page instead of drawing.
        style={{ touchAction: 'none' }}
        onPointerDown={(event) => beginStroke(surface, event)}
        onPointerMove={(event) => continueStroke(surface, event)}
        onPointerUp={handleStrokeEnd}
        onPointerCancel={handleStrokeEnd}
        onLostPointerCapture={handleStrokeEnd}
        onKeyDown={handleKeyDown}
      />
      <div className={styles.actions}>
        <button type="button" data-testid="draw-clear" onClick={() => surface.clear()}>
          Clear
        </button>
      </div>
    </div>
  );
}
