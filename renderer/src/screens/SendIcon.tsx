// A paper plane drawn inline, like TimerIcon: no icon font, no emoji that depends on the system's fonts.
export const SendIcon = () => (
  <svg className="send-icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden={true}>
    <path d="M2.6 9.4 17.2 2.8 12 17.4l-2.6-5.7Zm6.8 2.3 3.1-4.3" fill="currentColor" />
  </svg>
);
