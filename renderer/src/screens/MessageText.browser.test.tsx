// A message's formatting in Chromium on a real app store and archive: bold, italic, struck and code show as such,
// a link inside formatting stays a link, and the markers that formatted something are not shown, nor where the
// text is quoted plain.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import { directConversationId, type Message } from '../../../shared/messaging/message-format';
import { ChatScreen } from './ChatScreen';
import '../styles.css';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const startApp = screenHarness();

describe('message formatting', () => {
  it('shows bold, italic, struck and code, with links inside still links', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const id = await app.receive(
      BOB,
      '*Deploy* _today_ ~not tomorrow~, run `npm test` and read *https://example.test/notes*\n```\nnpm run dist\n```',
    );
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const text = () => app.container.querySelector<HTMLElement>(`[data-id="${id}"] .message-text`);
    await expect.poll(text).not.toBeNull();
    const shown = (selector: string) =>
      [...(text()?.querySelectorAll(selector) ?? [])].map((element) => element.textContent);
    expect(shown('strong')).toEqual(['Deploy', 'https://example.test/notes']);
    expect(shown('em')).toEqual(['today']);
    expect(shown('s')).toEqual(['not tomorrow']);
    expect(shown('code.inline-code')).toEqual(['npm test']);
    expect(shown('code.code-block')).toEqual(['npm run dist']);
    expect(text()?.querySelector('strong a')?.getAttribute('href')).toBe('https://example.test/notes');
    expect(text()?.textContent).toBe(
      'Deploy today not tomorrow, run npm test and read https://example.test/notes\nnpm run dist',
    );
  });

  it('shows a text plain where it is quoted: the list, a reply, a notification', async () => {
    const app = await startApp();
    await app.accept(BOB);
    const id = await app.receive(BOB, 'and *one* more `line`');
    await page.viewport(1000, 700);
    await app.render(<ChatScreen />);
    const preview = () => app.container.querySelector(`[data-peer="${BOB}"] .preview`)?.textContent ?? '';
    await expect.poll(preview).toBe('and one more line');
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(() => {
      app.store.getState().startReply(BOB, { id, fromMe: false, text: 'and *one* more `line`' });
    });
    await expect
      .poll(() => app.container.querySelector('[data-testid="replying-to"] .quote span')?.textContent)
      .toBe('and one more line');
    // A text arriving in another conversation is notified as it reads.
    const CAROL = 'c'.repeat(32) as PeerId;
    await app.accept(CAROL);
    const message = {
      id: '01900000-0000-7000-8000-000000000001',
      from: CAROL,
      to: app.me,
      conversation: directConversationId(app.me, CAROL),
      sentAt: Date.now(),
      seq: 1,
      t: 'text',
      body: { text: '_see_ you *there*' },
    } as Message;
    await app.settle(() =>
      app.emit({ type: 'received', incoming: { message, receivedAt: Date.now(), request: false } }),
    );
    await expect.poll(() => app.notified).toContain('see you there');
  });
});
