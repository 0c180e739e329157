// The Markdown export of an archive file: each text's reactions are written under it, by the app's rule.
import { describe, expect, it } from 'vitest';
import type { PeerId } from '../../../../shared/identity/peer-id';
import { textMessage } from '../../../../shared/messaging/testing/message-store-contract';
import { reactionMessage } from '../../../../shared/messaging/testing/message-store-contract/samples';
import { archiveToMarkdown, escapeMarkdown } from './archive-markdown';

const ME = 'm'.repeat(32) as PeerId;
const PEER = 'a'.repeat(32) as PeerId;

describe('Markdown export', () => {
  it('writes each text’s reactions under it', () => {
    const text = textMessage(1, PEER, ME, 1, 'lunch?');
    const file = {
      format: 'parley-archive',
      version: 1,
      owner: ME,
      exportedAt: 1,
      contacts: [{ peer: PEER, state: 'accepted', displayName: 'Peer 0' }],
      messages: [
        { message: text, direction: 'in', receivedAt: 2 },
        { message: reactionMessage(2, ME, PEER, 1, text.id, '👍'), direction: 'out', status: 'read' },
        // Peer 0's reaction taken back: it shows nothing.
        { message: reactionMessage(3, PEER, ME, 2, text.id, '😮'), direction: 'in', receivedAt: 3 },
        { message: reactionMessage(4, PEER, ME, 3, text.id, ''), direction: 'in', receivedAt: 4 },
      ],
    } as const;
    expect(archiveToMarkdown(file, 'Me')).toContain('lunch?  \n👍 Me  \n');
  });

  it('escapes what would make a line a heading or an entity, and keeps every kind of line break', () => {
    expect(escapeMarkdown('title\n===\n&lt;b&gt; a\r\nb\rc')).toBe(
      'title  \n\\=\\=\\=  \n\\&lt;b\\&gt; a  \nb  \nc',
    );
  });
});
