// Search from the UI on the browser build: accents and case do not matter, the word being typed matches as a
// prefix, snippets mark the matches, filters narrow, and choosing a result opens its conversation at that
// message with its neighbours, even deep in a long history.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import type { ParleyApp } from '../support/parley-app';

const befriend = async (asker: ParleyApp, answerer: ParleyApp): Promise<void> => {
  await asker.addContact(await answerer.peerId());
  await answerer.acceptRequestFrom(asker.name);
  await asker.expectAccepted();
};

/** Writes `count` old messages from `from` (plain ASCII, so their index words are the lower-cased words). */
const seedHistory = (page: Page, me: string, from: string, count: number, special: Record<number, string>) =>
  page.evaluate(
    async ([me, from, count, special]) => {
      const conversation = me < from ? `${me}${from}` : `${from}${me}`;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(`parley-archive-${me}`);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('open failed'));
      });
      const start = Date.now() - 30 * 86_400_000;
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('messages', 'readwrite');
        const messages = transaction.objectStore('messages');
        for (let n = 0; n < count; n += 1) {
          const id = `01800000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
          const sentAt = start + n * 60_000;
          const text = special[n] ?? `old message ${String(n)}`;
          messages.put({
            id,
            direction: 'in',
            conversation,
            peer: from,
            sentAt,
            from,
            seq: 1_000_000 + n,
            message: {
              id,
              from,
              to: me,
              conversation,
              sentAt,
              seq: 1_000_000 + n,
              t: 'text',
              body: { text },
            },
            receivedAt: sentAt,
            request: 0,
            readAt: sentAt,
            words: [...new Set(text.toLowerCase().split(/\s+/))],
          });
        }
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
      });
      db.close();
    },
    [me, from, count, special] as const,
  );

test('search finds messages across conversations and opens one in context', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(120_000);
  const [alice, bob, carol] = await openApps('Alice', 'Bob', 'Carol');
  if (!alice || !bob || !carol) {
    throw new Error('expected three apps');
  }
  await Promise.all([alice.createIdentity(), bob.createIdentity(), carol.createIdentity()]);
  await befriend(bob, alice);
  await befriend(carol, alice);
  await seedHistory(alice.page, await alice.peerId(), await bob.peerId(), 3_000, {
    1_000: 'the secret recipe is in the blue notebook',
  });
  await alice.quit();
  await alice.reopen(signalingServer.httpUrl);
  await bob.send('Meet me at Café Müller, see https://example.test/map');
  await carol.send('Cafe Mueller is closed on Mondays');
  await alice.page.getByTestId('conversations').getByRole('button', { name: /Bob/ }).waitFor();

  // Ctrl+F, accents and case folded, the last word as a prefix while typing.
  await alice.page.bringToFront();
  await alice.page.keyboard.press('Control+f');
  await expect(alice.page.getByLabel('Search messages')).toBeFocused();
  // "mül" folds to "mul": Müller matches, Mueller does not.
  await alice.page.keyboard.type('cafe mül');
  const results = alice.page.getByTestId('search-results');
  await expect(results.getByRole('button')).toHaveCount(1, { timeout: 15_000 });
  await expect(results.locator('mark')).toHaveText(['Café', 'Müller']);
  // A filter narrows across conversations.
  await alice.page.getByLabel('Search messages').fill('cafe has:link');
  await expect(results.getByRole('button')).toHaveCount(1);
  await alice.page.getByLabel('Search messages').fill('cafe ');
  await expect(results.getByRole('button')).toHaveCount(2);
  await alice.page.getByLabel('Search messages').fill('cafe in:carol ');
  await expect(results.getByRole('button', { name: /Carol/ })).toHaveCount(1);
  await expect(results.getByRole('button')).toHaveCount(1);

  // Deep in Bob's history: the result opens there, highlighted, with its neighbours.
  await alice.page.getByLabel('Search messages').fill('"secret recipe"');
  await results.getByRole('button', { name: /secret recipe/ }).click();
  const focused = alice.page.locator('[data-focused="true"]');
  await expect(focused).toContainText('the secret recipe is in the blue notebook');
  await expect(focused).toBeInViewport();
  await expect(alice.page.getByText('old message 999', { exact: true })).toBeAttached();
  await expect(alice.page.getByText('old message 1001', { exact: true })).toBeAttached();
  await expect(alice.page.getByText('old message 2999', { exact: true })).toHaveCount(0);

  // Escape clears the search; the conversation list is back.
  await alice.page.getByLabel('Search messages').press('Escape');
  await expect(alice.page.getByTestId('conversations')).toBeVisible();
});
