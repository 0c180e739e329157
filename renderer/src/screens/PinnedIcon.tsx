// A pushpin, for a conversation pinned to the top of the list.
import { LineIcon } from './LineIcon';

export const PinnedIcon = (props: { readonly label: string }) => (
  <LineIcon className="pinned-icon" label={props.label} size={13}>
    <path d="M5.5 1.5h5M6.5 1.5v4L4.5 8.5h7L9.5 5.5v-4M8 8.5v6" transform="rotate(45 8 8)" />
  </LineIcon>
);
