// What the screens offer to edit: our own texts within a day of sending them, nothing else.
import { describe, expect, it } from 'vitest';
import { EDIT_WINDOW_MS } from '../../../shared/messaging/message-edits';
import type { MessageView } from '../archive/conversation-window';
import { editableAt, lastOwnText } from './editable-text';

const view = (id: string, direction: 'in' | 'out', kind: MessageView['kind'], sentAt = 0): MessageView => ({
  id,
  direction,
  kind,
  text: id,
  sentAt,
  readByMe: true,
});

describe('editable texts', () => {
  it('offers our own texts until the edit window has passed', () => {
    expect(editableAt(view('mine', 'out', 'text'), EDIT_WINDOW_MS)).toBe(true);
    expect(editableAt(view('mine', 'out', 'text'), EDIT_WINDOW_MS + 1)).toBe(false);
  });

  it('never offers their texts, nor notices of ours', () => {
    expect(editableAt(view('theirs', 'in', 'text'), 0)).toBe(false);
    expect(editableAt(view('timer', 'out', 'timer'), 0)).toBe(false);
    expect(editableAt(view('deletion', 'out', 'deletion'), 0)).toBe(false);
  });

  it('finds our last text, passing over later notices and their texts', () => {
    const messages = [
      view('older', 'out', 'text', 0),
      view('last', 'out', 'text', 10),
      view('timer', 'out', 'timer', 20),
      view('theirs', 'in', 'text', 30),
    ];
    expect(lastOwnText(messages)?.id).toBe('last');
    expect(lastOwnText(messages.slice(2))).toBeUndefined();
  });
});
