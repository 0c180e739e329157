// A small icon drawn inline in strokes of the text's colour: an emoji would depend on the system's fonts (and shows
// as a box without one). With a label it is an image of that name; without, decoration hidden from screen readers.
import type { ReactNode } from 'react';

export const LineIcon = (props: {
  readonly className: string;
  readonly label?: string | undefined;
  readonly size?: number;
  readonly strokeWidth?: number;
  /** Paths on a 16 × 16 grid. */
  readonly children: ReactNode;
}) => (
  <svg
    className={props.className}
    viewBox="0 0 16 16"
    width={props.size ?? 12}
    height={props.size ?? 12}
    role={props.label === undefined ? undefined : 'img'}
    aria-label={props.label}
    aria-hidden={props.label === undefined ? true : undefined}
  >
    {props.label !== undefined && <title>{props.label}</title>}
    <g
      fill="none"
      stroke="currentColor"
      strokeWidth={props.strokeWidth ?? 1.4}
      strokeLinejoin="round"
      strokeLinecap="round"
    >
      {props.children}
    </g>
  </svg>
);
