// A message's text as people format it in chats (text-format.ts: bold, italic, strikethrough, code) with its links
// live: web links open in the system browser (the desktop host routes new windows there), invites open the app's
// own confirmation. The text itself is never parsed as HTML.
import { type ReactNode, useMemo } from 'react';
import { useAppStore } from '../state/use-app-store';
import { linkify } from '../text/linkify';
import { type FormatNode, parseFormatting } from '../text/text-format';

const Links = ({ text, openInvite }: { text: string; openInvite: (link: string) => void }) =>
  linkify(text).map((run, index) => {
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
          <button key={index} className="link-button inline" onClick={() => openInvite(run.text)}>
            {run.text}
          </button>
        );
    }
  });

const render = (nodes: readonly FormatNode[], openInvite: (link: string) => void): ReactNode[] =>
  nodes.map((node, index) => {
    switch (node.kind) {
      case 'plain':
        return <Links key={index} text={node.text} openInvite={openInvite} />;
      case 'bold':
        return <strong key={index}>{render(node.children, openInvite)}</strong>;
      case 'italic':
        return <em key={index}>{render(node.children, openInvite)}</em>;
      case 'strike':
        return <s key={index}>{render(node.children, openInvite)}</s>;
      case 'code':
        return (
          <code key={index} className="inline-code">
            {node.text}
          </code>
        );
      case 'block':
        // A block of its own by style: the text is phrasing content (inline beside the time), where <pre> is not.
        return (
          <code key={index} className="code-block">
            {node.text}
          </code>
        );
    }
  });

export const MessageText = ({ text }: { text: string }) => {
  const openInvite = useAppStore((state) => state.openInvite);
  const showError = useAppStore((state) => state.showError);
  const open = (link: string): void => {
    const problem = openInvite(link);
    if (problem) {
      showError(problem);
    }
  };
  // Rows render again as statuses and reactions change; the text parses once.
  const nodes = useMemo(() => parseFormatting(text), [text]);
  return <span className="message-text">{render(nodes, open)}</span>;
};
