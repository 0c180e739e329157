// The archive as Markdown, for reading anywhere (not for import: archive-export.ts's JSON is the complete form).
// One section per conversation, messages in display order, with day headings; names and text are escaped so
// a message cannot inject formatting or links into the document.
import type { PeerId } from '../../../../shared/identity/peer-id';
import type { ArchiveFile } from './archive-export';
import { reactionLines } from './exported-reactions';

const dayFormat = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * Backslash-escapes Markdown's special characters (with `=`, which underlines the line above it into a heading,
 * and `&`, which starts an entity), and keeps line breaks inside the message, whichever way they were written.
 */
export const escapeMarkdown = (text: string): string =>
  text.replace(/[\\`*_{}[\]()#+\-.!|<>~=&]/g, (char) => `\\${char}`).replace(/\r\n?|\n/g, '  \n');

export const archiveToMarkdown = (file: ArchiveFile, ownName: string): string => {
  const names = new Map<PeerId, string>(
    file.contacts.map((contact) => [contact.peer, contact.displayName ?? contact.peer]),
  );
  const reactions = reactionLines(file, (peer) =>
    peer === file.owner ? ownName : (names.get(peer) ?? peer),
  );
  const byConversation = new Map<string, ArchiveFile['messages'][number][]>();
  for (const entry of file.messages) {
    const list = byConversation.get(entry.message.conversation) ?? [];
    list.push(entry);
    byConversation.set(entry.message.conversation, list);
  }
  const lines = [
    `# Parley archive of ${escapeMarkdown(ownName)}`,
    '',
    `Exported ${new Date(file.exportedAt).toISOString()}.`,
  ];
  for (const entries of byConversation.values()) {
    const first = entries[0];
    if (!first) {
      continue;
    }
    const peer = first.direction === 'out' ? first.message.to : first.message.from;
    lines.push('', `## ${escapeMarkdown(names.get(peer) ?? peer)}`);
    let day = '';
    for (const { message, direction } of entries) {
      if (message.t !== 'text') {
        continue;
      }
      const thisDay = dayFormat.format(message.sentAt);
      if (thisDay !== day) {
        day = thisDay;
        lines.push('', `### ${day}`, '');
      }
      const who = direction === 'out' ? ownName : (names.get(message.from) ?? message.from);
      lines.push(
        `**${escapeMarkdown(who)}** ${timeFormat.format(message.sentAt)}: ${escapeMarkdown(message.body.text)}  `,
      );
      const reacted = reactions(message);
      if (reacted !== undefined) {
        lines.push(`${escapeMarkdown(reacted)}  `);
      }
    }
  }
  return `${lines.join('\n')}\n`;
};
