// Reading a QR code from pixels (a camera frame or a picture) with jsQR: plain JavaScript, no network, no
// platform barcode API (Chromium on Linux has none).
import jsQR from 'jsqr';

/** The text of the QR code in `image`, or null when there is none. */
export const decodeQr = (image: ImageData): string | null =>
  jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })?.data ?? null;

/** Draws `source` on a canvas no larger than `maxSide` and reads its pixels. */
export const pixelsOf = (
  source: CanvasImageSource,
  width: number,
  height: number,
  maxSide = 1024,
): ImageData => {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) {
    throw new Error('no 2D canvas');
  }
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
};
