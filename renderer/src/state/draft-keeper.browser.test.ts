// The draft keeper on Chromium's IndexedDB and the real conversation slice: drafts are written once typing
// pauses (never the text of an edit), at once when the archive changes hands, and put back when it opens again
// without overwriting what is typed by then.
import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { ArchiveDb } from '../archive/archive-db';
import { readDrafts, writeDraft } from '../archive/drafts';
import { scratchDatabases } from '../archive/testing/scratch-databases';
import type { AppState } from './app-state';
import { createConversationSlice } from './conversation-slice';
import { keepDrafts } from './draft-keeper';

const BOB = 'b'.repeat(32) as PeerId;
const CAROL = 'c'.repeat(32) as PeerId;
const scratch = scratchDatabases('draft-keeper');
const DELAY_MS = 50;

/** The part of the app state the keeper works with: the archive, and the conversation slice as the app has it. */
const appWith = (): StoreApi<AppState> =>
  createStore<AppState>()(
    (set, get) =>
      ({
        archive: null,
        ...createConversationSlice(set, get, {
          activePeerId: () => BOB,
          openConversation: () => undefined,
          archive: () => get().archive,
          act: () => Promise.resolve(true),
          now: () => Date.now(),
          withdraw: () => undefined,
        }),
      }) as unknown as AppState,
  );

const open = (store: StoreApi<AppState>, archive: ArchiveDb | null) => store.setState({ archive });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('draft keeper', () => {
  it('writes a draft once typing pauses, and removes it when the draft is sent or cleared', async () => {
    const db = await scratch.archive();
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS });
    open(store, db);
    for (const typed of ['h', 'ha', 'half', 'half a thought']) {
      store.getState().setDraft(BOB, typed);
    }
    // Nothing yet: typing has not paused.
    expect(await readDrafts(db)).toEqual({});
    await expect.poll(() => readDrafts(db)).toEqual({ [BOB]: 'half a thought' });

    store.getState().setDraft(BOB, '');
    await expect.poll(() => readDrafts(db)).toEqual({});
    stop();
  });

  it('keeps the draft put aside while a text is edited, not the edit', async () => {
    const db = await scratch.archive();
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS });
    open(store, db);
    store.getState().setDraft(BOB, 'my draft');
    await expect.poll(() => readDrafts(db)).toEqual({ [BOB]: 'my draft' });

    store.getState().startEdit(BOB, { id: 'm1', text: 'meet at 5' });
    store.getState().setDraft(BOB, 'meet at 6');
    await pause(DELAY_MS * 3);
    expect(await readDrafts(db)).toEqual({ [BOB]: 'my draft' });
    store.getState().cancelEdit(BOB);
    expect(store.getState().drafts[BOB]).toBe('my draft');
    await pause(DELAY_MS * 3);
    expect(await readDrafts(db)).toEqual({ [BOB]: 'my draft' });
    stop();
  });

  it('writes what waits at once when the archive closes, and puts drafts back when it opens again', async () => {
    const db = await scratch.archive();
    const first = appWith();
    const stopFirst = keepDrafts(first, { delayMs: 60_000 });
    open(first, db);
    first.getState().setDraft(BOB, 'typed just before closing');
    // Another tab takes over (or the app stops): the archive leaves the state, and the draft is written now.
    open(first, null);
    await expect.poll(() => readDrafts(db)).toEqual({ [BOB]: 'typed just before closing' });
    stopFirst();
    const firstSaved = (await db.drafts.get(BOB))?.savedAt;

    // The next session, where something was typed to Carol before the archive had opened.
    await pause(5);
    await writeDraft(db, CAROL, 'an old draft to Carol', 1);
    const next = appWith();
    const stopNext = keepDrafts(next, { delayMs: DELAY_MS });
    next.getState().setDraft(CAROL, 'typed first');
    open(next, db);
    await expect
      .poll(() => next.getState().drafts)
      .toEqual({ [BOB]: 'typed just before closing', [CAROL]: 'typed first' });
    // Put back as it was: nothing is written for it; what was typed first is.
    await expect
      .poll(() => readDrafts(db))
      .toEqual({ [BOB]: 'typed just before closing', [CAROL]: 'typed first' });
    await pause(DELAY_MS * 3);
    expect((await db.drafts.get(BOB))?.savedAt).toBe(firstSaved);
    stopNext();
  });

  it('stashes drafts not yet written as the page hides, and the next session writes them', async () => {
    const db = await scratch.archive();
    const stash = sessionStorage;
    const first = appWith();
    const stopFirst = keepDrafts(first, { delayMs: 60_000, stash });
    open(first, db);
    first.getState().setDraft(BOB, 'typed as the window closed');
    // The page goes: its archive writes may be aborted with it, the stash is written there and then.
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(stash.getItem(`parley-unsaved-drafts:${db.name}`) ?? '{}')).toEqual({
      [BOB]: 'typed as the window closed',
    });
    stopFirst();
    // As if that write had been aborted.
    await expect.poll(() => db.drafts.count()).toBe(1);
    await db.drafts.clear();

    const next = appWith();
    const stopNext = keepDrafts(next, { delayMs: DELAY_MS, stash });
    open(next, db);
    await expect.poll(() => next.getState().drafts).toEqual({ [BOB]: 'typed as the window closed' });
    await expect.poll(() => readDrafts(db)).toEqual({ [BOB]: 'typed as the window closed' });
    expect(stash.getItem(`parley-unsaved-drafts:${db.name}`)).toBeNull();
    stopNext();
  });

  it('takes an unreadable stash for none', async () => {
    const db = await scratch.archive();
    sessionStorage.setItem(`parley-unsaved-drafts:${db.name}`, '{"not": 1}');
    await writeDraft(db, BOB, 'from the archive', 1);
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS, stash: sessionStorage });
    open(store, db);
    await expect.poll(() => store.getState().drafts).toEqual({ [BOB]: 'from the archive' });
    expect(sessionStorage.getItem(`parley-unsaved-drafts:${db.name}`)).toBeNull();
    stop();
  });

  it('writes what was typed before the archive opened, into an archive with no drafts', async () => {
    const db = await scratch.archive();
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS });
    store.getState().setDraft(BOB, 'typed while starting');
    open(store, db);
    await expect.poll(() => readDrafts(db)).toEqual({ [BOB]: 'typed while starting' });
    stop();
  });

  it('forgets what is being written when the archive closes, and takes the archive’s drafts when it reopens', async () => {
    const db = await scratch.archive();
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS });
    open(store, db);
    store.getState().setDraft(BOB, 'sent from the other tab');
    store.getState().setDraft(CAROL, 'still a draft');
    await expect
      .poll(() => readDrafts(db))
      .toEqual({ [BOB]: 'sent from the other tab', [CAROL]: 'still a draft' });
    store.getState().startEdit(CAROL, { id: 'm1', text: 'meet at 5' });

    // Another tab takes over: nothing of this archive stays in memory.
    open(store, null);
    expect([store.getState().drafts, store.getState().editing]).toEqual([{}, {}]);
    // There, Bob's draft is sent; back here, the archive says what the drafts are, and no keystroke brings it back.
    await writeDraft(db, BOB, '', 2);
    open(store, db);
    await expect.poll(() => store.getState().drafts).toEqual({ [CAROL]: 'still a draft' });
    store.getState().setDraft(CAROL, 'still a draft, longer');
    await expect.poll(() => readDrafts(db)).toEqual({ [CAROL]: 'still a draft, longer' });
    stop();
  });

  it('keeps a saved draft as the one put aside when a text is being edited as the archive opens', async () => {
    const db = await scratch.archive();
    await writeDraft(db, BOB, 'saved before', 1);
    const store = appWith();
    const stop = keepDrafts(store, { delayMs: DELAY_MS });
    store.getState().startEdit(BOB, { id: 'm1', text: 'meet at 5' });
    open(store, db);
    await pause(DELAY_MS * 3);
    expect(store.getState().drafts).toEqual({ [BOB]: 'meet at 5' });
    store.getState().cancelEdit(BOB);
    expect(store.getState().drafts).toEqual({ [BOB]: 'saved before' });
    await pause(DELAY_MS * 3);
    expect(await readDrafts(db)).toEqual({ [BOB]: 'saved before' });
    stop();
  });
});
