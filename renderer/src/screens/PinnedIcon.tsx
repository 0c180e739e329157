// A pushpin drawn inline (an emoji would depend on the system's fonts), for a conversation pinned to the top.
export const PinnedIcon = (props: { readonly label: string }) => (
  <svg className="pinned-icon" viewBox="0 0 16 16" width="13" height="13" role="img" aria-label={props.label}>
    <title>{props.label}</title>
    <path
      d="M5.5 1.5h5M6.5 1.5v4L4.5 8.5h7L9.5 5.5v-4M8 8.5v6"
      transform="rotate(45 8 8)"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinejoin="round"
      strokeLinecap="round"
    />
  </svg>
);
