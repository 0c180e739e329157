// A small stopwatch drawn inline: an emoji would depend on the system's fonts (and shows as a box without one).
export const TimerIcon = (props: { readonly label?: string }) => (
  <svg
    className="timer-icon"
    viewBox="0 0 16 16"
    width="12"
    height="12"
    role={props.label === undefined ? undefined : 'img'}
    aria-label={props.label}
    aria-hidden={props.label === undefined ? true : undefined}
  >
    {props.label !== undefined && <title>{props.label}</title>}
    <circle cx="8" cy="9" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    <path
      d="M8 9V6M6.5 1.5h3M12 4l1-1"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
    />
  </svg>
);
