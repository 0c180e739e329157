// The archive as one standalone HTML page, for reading in any browser (not for import: archive-export.ts's JSON
// is the complete form). Self-contained: inline CSS for light and dark (prefers-color-scheme), no script, no
// remote resource, and a Content-Security-Policy that forbids both. One section per conversation, day
// separators, sender and time on every message, replies quoting what they answer. All text from messages and
// names is escaped; http(s) links become anchors that open outside, nothing else is ever a link.
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { Message, MessageId } from '../../../../shared/messaging/message-format';
import { linkify } from '../../text/linkify';
import type { ArchiveFile } from './archive-export';
import { reactionLines } from './exported-reactions';

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** Message text as HTML: escaped, web links as anchors (only http and https, as linkify finds them). */
const textHtml = (text: string): string =>
  linkify(text)
    .map((run) =>
      run.kind === 'web'
        ? `<a href="${escapeHtml(run.href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(run.text)}</a>`
        : escapeHtml(run.text),
    )
    .join('');

const QUOTE_CHARS = 140;

const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --panel: #ffffff; --text: #1b1f24; --muted: #5f6b7a;
  --border: #dde1e6; --out: #dce8fb; --accent: #2f6fde; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181c; --panel: #1d2126; --text: #e6e9ed;
  --muted: #9aa5b1; --border: #2c3238; --out: #1f3356; --accent: #8bb4ff; } }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.45 system-ui, -apple-system,
  'Segoe UI', Roboto, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 0.5rem; padding-bottom: 0.35rem; border-bottom: 1px solid var(--border); }
.muted { color: var(--muted); font-size: 0.85rem; }
.day { text-align: center; margin: 1.25rem 0 0.5rem; }
.day span { font-size: 0.78rem; color: var(--muted); border: 1px solid var(--border); border-radius: 999px;
  padding: 0.1rem 0.7rem; background: var(--panel); }
.message { background: var(--panel); border: 1px solid var(--border); border-radius: 10px;
  padding: 0.45rem 0.7rem; margin: 0.35rem 0; max-width: 85%; }
.message.out { background: var(--out); margin-left: auto; }
.meta { display: flex; gap: 0.5rem; align-items: baseline; font-size: 0.8rem; color: var(--muted); }
.meta strong { color: var(--text); }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.15rem 0 0; }
.reactions { margin: 0.2rem 0 0; font-size: 0.8rem; color: var(--muted); }
blockquote { margin: 0.25rem 0; padding: 0.15rem 0.6rem; border-left: 3px solid var(--accent);
  color: var(--muted); font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: var(--accent); }
`;

type Entry = ArchiveFile['messages'][number];

const reactionHtml = (line: string | undefined): string[] =>
  line === undefined ? [] : [`<p class="reactions">${escapeHtml(line)}</p>`];

export const archiveToHtml = (file: ArchiveFile, ownName: string): string => {
  const names = new Map<PeerId, string>(
    file.contacts.map((contact) => [contact.peer, contact.displayName ?? contact.peer]),
  );
  const nameOf = (entry: { readonly message: Message; readonly direction: 'in' | 'out' }) =>
    entry.direction === 'out' ? ownName : (names.get(entry.message.from) ?? entry.message.from);
  const reactions = reactionLines(file, (peer) =>
    peer === file.owner ? ownName : (names.get(peer) ?? peer),
  );
  const texts = new Map<MessageId, Entry>();
  const byConversation = new Map<string, Entry[]>();
  for (const entry of file.messages) {
    if (entry.message.t !== 'text') {
      continue;
    }
    texts.set(entry.message.id, entry);
    const list = byConversation.get(entry.message.conversation) ?? [];
    list.push(entry);
    byConversation.set(entry.message.conversation, list);
  }

  const quote = (id: MessageId): string => {
    const quoted = texts.get(id);
    if (quoted?.message.t !== 'text') {
      return '<blockquote>A message not in this export</blockquote>';
    }
    const text = quoted.message.body.text;
    const short = text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text;
    return `<blockquote><strong>${escapeHtml(nameOf(quoted))}</strong>: ${escapeHtml(short)}</blockquote>`;
  };

  const sections: string[] = [];
  for (const entries of byConversation.values()) {
    const first = entries[0];
    if (!first) {
      continue;
    }
    const peer = first.direction === 'out' ? first.message.to : first.message.from;
    const lines = [`<section>`, `<h2>${escapeHtml(names.get(peer) ?? peer)}</h2>`];
    let day = '';
    for (const entry of entries) {
      const { message } = entry;
      if (message.t !== 'text') {
        continue;
      }
      const thisDay = dayKeyFormat.format(message.sentAt);
      if (thisDay !== day) {
        day = thisDay;
        lines.push(`<p class="day"><span>${escapeHtml(dayFormat.format(message.sentAt))}</span></p>`);
      }
      const at = new Date(message.sentAt).toISOString();
      lines.push(
        `<article class="message ${entry.direction}">`,
        `<p class="meta"><strong>${escapeHtml(nameOf(entry))}</strong>` +
          `<time datetime="${at}">${escapeHtml(timeFormat.format(message.sentAt))}</time></p>`,
        ...(message.meta?.replyTo ? [quote(message.meta.replyTo)] : []),
        `<p class="text">${textHtml(message.body.text)}</p>`,
        ...reactionHtml(reactions(message)),
        `</article>`,
      );
    }
    lines.push(`</section>`);
    sections.push(lines.join('\n'));
  }

  const title = `Parley archive of ${escapeHtml(ownName)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p class="muted">Exported <time datetime="${new Date(file.exportedAt).toISOString()}">${escapeHtml(
    new Date(file.exportedAt).toUTCString(),
  )}</time>. Times are this device's local time.</p>
${sections.length > 0 ? sections.join('\n') : '<p class="muted">No messages.</p>'}
</main>
</body>
</html>
`;
};
