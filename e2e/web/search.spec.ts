// Search from the UI on the browser build: accents and case do not matter, the word being typed matches as a
// prefix, snippets mark the matches, filters narrow, and choosing a result opens its conversation at that
// message with its neighbours, even deep in a long history.
import { seedHistory } from '../support/archive-seed';
import { expect, test } from '../support/fixtures';

test('search finds messages across conversations and opens one in context', async ({
  openApps,
  signalingServer,
}) => {
  test.setTimeout(120_000);
  const [alice, bob, carol] = await openApps('Alice', 'Bob', 'Carol');
  await Promise.all([alice.createIdentity(), bob.createIdentity(), carol.createIdentity()]);
  await bob.befriend(alice);
  await carol.befriend(alice);
  await seedHistory(alice.page, await alice.peerId(), await bob.peerId(), 3_000, {
    1_000: 'the secret recipe is in the blue notebook',
    500: 'pancake day one',
    1_500: 'pancake day two',
    2_500: 'pancake day three',
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
  // Nothing found: the status says so, and a hint names the filters the placeholder has no room for.
  await alice.page.getByLabel('Search messages').fill('zebra');
  await expect(alice.page.getByTestId('search-status')).toHaveText('No messages match.');
  await expect(alice.page.getByTestId('search-hint')).toContainText('from:name');

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

  // With the conversation open, Ctrl+F finds in it: newest match first, Enter steps back, Shift+Enter forward.
  await alice.page.keyboard.press('Control+f');
  const find = alice.page.getByRole('search', { name: 'Find in this conversation' });
  await find.getByRole('textbox').fill('pancake');
  await expect(find.getByTestId('find-count')).toHaveText('1 of 3');
  await expect(alice.page.locator('[data-focused="true"]')).toContainText('pancake day three');
  await find.getByRole('textbox').press('Enter');
  await expect(find.getByTestId('find-count')).toHaveText('2 of 3');
  await expect(alice.page.locator('[data-focused="true"]')).toContainText('pancake day two');
  await expect(alice.page.locator('[data-focused="true"]')).toBeInViewport();
  await find.getByRole('textbox').press('Shift+Enter');
  await expect(alice.page.locator('[data-focused="true"]')).toContainText('pancake day three');
  await find.getByRole('textbox').press('Escape');
  await expect(find).toHaveCount(0);
});
