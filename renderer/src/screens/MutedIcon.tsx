// A bell struck through, for a muted conversation.
import { LineIcon } from './LineIcon';

export const MutedIcon = (props: { readonly label: string }) => (
  <LineIcon className="muted-icon" label={props.label}>
    <path d="M4 11.5h8l-1.2-1.6V7a2.8 2.8 0 0 0-5.6 0v2.9L4 11.5zM6.8 13.2a1.3 1.3 0 0 0 2.4 0" />
    <path d="M2.5 2.5l11 11" />
  </LineIcon>
);
