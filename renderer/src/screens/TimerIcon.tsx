// A small stopwatch, for disappearing messages.
import { LineIcon } from './LineIcon';

export const TimerIcon = (props: { readonly label?: string }) => (
  <LineIcon className="timer-icon" label={props.label} strokeWidth={1.5}>
    <circle cx="8" cy="9" r="5.5" />
    <path d="M8 9V6M6.5 1.5h3M12 4l1-1" />
  </LineIcon>
);
