// The send button's icons drawn inline, like TimerIcon (no icon font, no emoji that depends on the system's
// fonts): a paper plane, and a check mark while it saves an edit.
export const SendIcon = () => (
  <svg className="send-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden={true}>
    <path d="M2.6 9.4 17.2 2.8 12 17.4l-2.6-5.7Zm6.8 2.3 3.1-4.3" fill="currentColor" />
  </svg>
);

export const SaveIcon = () => (
  <svg className="send-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden={true}>
    <path
      d="M3.5 10.5 8 15 16.5 5.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.2"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);
