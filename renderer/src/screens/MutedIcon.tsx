// A bell struck through, drawn inline (an emoji would depend on the system's fonts), for a muted conversation.
export const MutedIcon = (props: { readonly label: string }) => (
  <svg className="muted-icon" viewBox="0 0 16 16" width="12" height="12" role="img" aria-label={props.label}>
    <title>{props.label}</title>
    <path
      d="M4 11.5h8l-1.2-1.6V7a2.8 2.8 0 0 0-5.6 0v2.9L4 11.5zM6.8 13.2a1.3 1.3 0 0 0 2.4 0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
      strokeLinejoin="round"
    />
    <path d="M2.5 2.5l11 11" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
  </svg>
);
