// A QR code drawn as SVG from the `qrcode` library's module matrix: crisp at any size, no canvas, no HTML
// injection. One path for all dark modules keeps the DOM small.
import { useMemo } from 'react';
import QRCode from 'qrcode';

const QUIET_ZONE = 2;

const pathOf = (value: string): { size: number; d: string } => {
  const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) {
      if (modules.get(row, column)) {
        parts.push(`M${String(column + QUIET_ZONE)} ${String(row + QUIET_ZONE)}h1v1h-1z`);
      }
    }
  }
  return { size: modules.size + 2 * QUIET_ZONE, d: parts.join('') };
};

export const QrCode = ({ value, label, size = 192 }: { value: string; label: string; size?: number }) => {
  const { size: modules, d } = useMemo(() => pathOf(value), [value]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${String(modules)} ${String(modules)}`}
      shapeRendering="crispEdges"
      data-qr-value={value}
    >
      <rect width={modules} height={modules} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
};
