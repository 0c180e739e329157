// A message's actions that open a dialog, in Chromium on a real app store and archive: its info (sent, delivered,
// read, live), and forwarding it to other contacts.
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageId } from '../../../shared/messaging/message-format';
import { deleteForMe } from '../archive/local-deletion';
import { ChatScreen } from './ChatScreen';
import { screenHarness } from './testing/screen-harness';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;

const startApp = screenHarness();

describe('message info', () => {
  it('shows when ours was sent, delivered and read, and when theirs arrived and was seen', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.receive(BOB, 'from Bob');
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('from me');
    });
    const row = (direction: 'in' | 'out') =>
      app.container.querySelector<HTMLElement>(`[data-direction="${direction}"][data-kind="text"]`);
    await expect.poll(() => row('out')).not.toBeNull();
    const info = async (direction: 'in' | 'out') => {
      await app.settle(() =>
        row(direction)?.querySelector<HTMLElement>('[aria-label="Message actions"]')?.click(),
      );
      await app.settle(() => (page.getByRole('menuitem', { name: 'Info' }).element() as HTMLElement).click());
    };
    /** The dialog's terms and what each says. */
    const shown = (): Record<string, string> => {
      const items = document.querySelectorAll('[data-testid="message-info"] dl > div');
      const terms: Record<string, string> = {};
      items.forEach((item) => {
        terms[item.querySelector('dt')?.textContent ?? ''] = item.querySelector('dd')?.textContent ?? '';
      });
      return terms;
    };
    const close = () =>
      app.settle(() =>
        document.querySelector<HTMLElement>('[data-testid="message-info"] [aria-label="Close"]')?.click(),
      );

    await info('out');
    await expect.poll(() => shown()).toMatchObject({ Delivered: 'not yet' });
    const name = Object.keys(shown()).find((term) => term.startsWith('Read by')) ?? 'Read by';
    // The ack, then the receipt, come while it is open: both show, dated.
    const id = row('out')?.getAttribute('data-id') as MessageId;
    await app.settle(() => app.setStatus([id], 'delivered'));
    await expect.poll(() => shown()['Delivered']).toMatch(/\d{4}/);
    expect(shown()[name]).toBe('not yet');
    await app.settle(() => app.setStatus([id], 'read'));
    await expect.poll(() => shown()[name]).toMatch(/\d{4}/);
    const status = await app.archive.statuses.get(id);
    expect(status?.readAt).toBeGreaterThanOrEqual(status?.deliveredAt ?? Infinity);
    await close();

    // Focus goes back to the button the dialog was opened from.
    expect(document.activeElement).toBe(row('out')?.querySelector('[aria-label="Message actions"]'));

    await info('in');
    await expect.poll(() => Object.keys(shown())).toEqual(['Sent', 'Received', 'Seen']);
    // Another conversation opened: the dialog about Bob's message does not follow.
    await app.settle(() => app.store.getState().openConversation(CAROL));
    await expect.poll(() => document.querySelector('[data-testid="message-info"]')).toBeNull();
  });
});

describe('message info of an edited text of ours', () => {
  it('says whether the edit, not only the text, reached the contact', async () => {
    const app = await startApp();
    await app.accept(BOB);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    await app.settle(async () => {
      await app.store.getState().sendText('see you at 5');
    });
    const row = () => app.container.querySelector<HTMLElement>('[data-direction="out"][data-kind="text"]');
    await expect.poll(row).not.toBeNull();
    const id = row()?.getAttribute('data-id') as MessageId;
    await app.settle(() => app.setStatus([id], 'delivered'));
    await app.settle(async () => {
      app.store.getState().startEdit(BOB, { id, text: 'see you at 5' });
      await app.store.getState().sendText('see you at 6');
    });
    await app.settle(() => app.store.getState().openMessageDialog({ kind: 'info', id }));
    const shown = (term: string) =>
      [...document.querySelectorAll('[data-testid="message-info"] dl > div')]
        .find((item) => item.querySelector('dt')?.textContent === term)
        ?.querySelector('dd')?.textContent;
    await expect.poll(() => shown('Edit delivered')).toBe('not yet');
    expect(shown('Delivered')).toMatch(/\d{4}/);
    const edit = (await app.archive.messages.get(id))?.edited?.id as MessageId;
    await app.settle(() => app.setStatus([edit], 'delivered'));
    await expect.poll(() => shown('Edit delivered')).toMatch(/\d{4}/);

    // Another edit of it is refused: that is what shows now.
    await app.settle(async () => {
      app.store.getState().startEdit(BOB, { id, text: 'see you at 6' });
      await app.store.getState().sendText('see you at 7');
    });
    const refused = (await app.archive.messages.get(id))?.edited?.id as MessageId;
    await app.settle(() => app.setStatus([refused], 'failed', 'refused'));
    await expect.poll(() => shown('Edit not delivered')).toBe('refused');
  });
});

describe('forwarding', () => {
  it('sends a text on to the contacts chosen, as a new text of ours; a disappearing one offers no forward', async () => {
    const app = await startApp();
    const DI = 'd'.repeat(32) as PeerId;
    for (const peer of [BOB, CAROL, DI]) {
      await app.accept(peer);
    }
    await app.receive(BOB, 'the plan for Friday');
    await app.receive(BOB, 'gone in a minute', Date.now() + 60_000);
    await app.render(<ChatScreen />);
    await app.settle(() => app.store.getState().openConversation(BOB));
    const row = (text: string) =>
      [...app.container.querySelectorAll('[data-direction="in"]')].find((element) =>
        element.textContent.includes(text),
      );
    await expect.poll(() => row('gone in a minute')).toBeDefined();
    const menu = (text: string) => row(text)?.querySelector<HTMLElement>('[aria-label="Message actions"]');
    await app.settle(() => menu('gone in a minute')?.click());
    expect(page.getByRole('menuitem', { name: 'Forward…' }).elements()).toEqual([]);
    await app.settle(() => menu('gone in a minute')?.click());

    await app.settle(() => menu('the plan for Friday')?.click());
    await app.settle(() =>
      (page.getByRole('menuitem', { name: 'Forward…' }).element() as HTMLElement).click(),
    );
    const dialog = page.getByTestId('forward-dialog');
    const boxes = () => [
      ...document.querySelectorAll<HTMLInputElement>('[data-testid="forward-dialog"] input[type="checkbox"]'),
    ];
    await expect.poll(() => boxes().length).toBe(3);
    // The filter narrows the list to Carol; she and Di are chosen.
    await dialog.getByRole('searchbox', { name: 'Find a contact' }).fill('ccc');
    await expect.poll(() => boxes().length).toBe(1);
    await app.settle(() => boxes()[0]?.click());
    await dialog.getByRole('searchbox', { name: 'Find a contact' }).fill('');
    await expect.poll(() => boxes().length).toBe(3);
    await app.settle(() => boxes()[2]?.click());
    const send = () =>
      document.querySelector<HTMLButtonElement>('[data-testid="forward-dialog"] .dialog-actions button');
    expect(send()?.textContent).toBe('Send to 2');
    await app.settle(() => send()?.click());
    await expect
      .poll(() => document.querySelector('[data-testid="forward-dialog"] [role="status"]')?.textContent)
      .toMatch(/^Forwarded to /);

    const sentTo = async (peer: PeerId) =>
      (await app.archive.messages.filter((record) => record.peer === peer).toArray()).flatMap((record) =>
        record.direction === 'out' && record.message.t === 'text' ? [record.message.body.text] : [],
      );
    expect(await sentTo(CAROL)).toEqual(['the plan for Friday']);
    expect(await sentTo(DI)).toEqual(['the plan for Friday']);
    expect(await sentTo(BOB)).toEqual([]);

    // Deleted while the dialog is open: it says so, and nothing can be sent.
    const id = row('the plan for Friday')?.getAttribute('data-id') as MessageId;
    // As retention or an expiry would delete it, in the archive.
    await app.settle(async () => {
      await deleteForMe(app.archive, [id], Date.now());
    });
    await expect
      .poll(() => document.querySelector('[data-testid="forward-dialog"] p.muted')?.textContent)
      .toBe('This message is no longer here.');
    await app.settle(() => boxes()[1]?.click());
    expect(send()?.disabled).toBe(true);
    // Closed before the test ends, so none of its live reads is still running as the archive closes.
    await app.settle(() => app.store.getState().openMessageDialog(null));
  });
});
