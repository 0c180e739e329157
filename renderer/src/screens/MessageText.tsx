// A message's text with its links live: web links open in the system browser (the desktop host routes new
// windows there), invites open the app's own confirmation. The text itself is never parsed as HTML.
import { useAppStore } from '../state/use-app-store';
import { linkify } from './linkify';

export const MessageText = ({ text }: { text: string }) => {
  const openInvite = useAppStore((state) => state.openInvite);
  const showError = useAppStore((state) => state.showError);
  return (
    <span className="message-text">
      {linkify(text).map((run, index) => {
        switch (run.kind) {
          case 'text':
            return <span key={index}>{run.text}</span>;
          case 'web':
            return (
              <a key={index} href={run.href} target="_blank" rel="noopener noreferrer">
                {run.text}
              </a>
            );
          case 'invite':
            return (
              <button
                key={index}
                className="link-button inline"
                onClick={() => {
                  const problem = openInvite(run.text);
                  if (problem) {
                    showError(problem);
                  }
                }}
              >
                {run.text}
              </button>
            );
        }
      })}
    </span>
  );
};
