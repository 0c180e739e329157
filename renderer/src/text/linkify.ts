// Splits message text into plain runs and links (web links and Parley invites), so links can be shown as links
// without ever rendering the text as HTML.
import { isInviteLink } from '../../../shared/contacts/invite-link';

export type TextRun =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'web'; readonly text: string; readonly href: string }
  | { readonly kind: 'invite'; readonly text: string };

// Scheme and everything up to whitespace; trailing punctuation that usually ends a sentence is left out, and so are
// the formatting markers (text-format.ts) that may close around a link.
const LINK = /\b(?:https?:\/\/|(?:web\+)?parley:\/\/)[^\s<>"]+[^\s<>".,;:!?)\]'}*_~]/giu;

export const linkify = (text: string): TextRun[] => {
  const runs: TextRun[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const link = match[0];
    if (match.index > at) {
      runs.push({ kind: 'text', text: text.slice(at, match.index) });
    }
    if (isInviteLink(link)) {
      runs.push({ kind: 'invite', text: link });
    } else if (/^https?:\/\//i.test(link) && URL.canParse(link)) {
      runs.push({ kind: 'web', text: link, href: new URL(link).href });
    } else {
      runs.push({ kind: 'text', text: link });
    }
    at = match.index + link.length;
  }
  if (at < text.length) {
    runs.push({ kind: 'text', text: text.slice(at) });
  }
  return runs;
};

/** Where `text` has something that looks like a link (made one or not), as half-open ranges: left whole by formatting. */
export const linkRanges = (text: string): { readonly start: number; readonly end: number }[] =>
  [...text.matchAll(LINK)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
