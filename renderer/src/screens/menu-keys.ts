// Keys inside a menu, as the WAI-ARIA menu pattern has them: arrows move between its items (up and down, and left
// and right along a row of them), Home and End go to the first and the last, and a letter to the next item whose
// text starts with it; focus wraps around.
const ITEMS = '[role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]';

const NEXT: Readonly<Record<string, (at: number, count: number) => number>> = {
  ArrowDown: (at, count) => (at + 1) % count,
  ArrowRight: (at, count) => (at + 1) % count,
  ArrowUp: (at, count) => (at - 1 + count) % count,
  ArrowLeft: (at, count) => (at - 1 + count) % count,
  Home: () => 0,
  End: (_at, count) => count - 1,
};

const BACKWARD: ReadonlySet<string> = new Set(['ArrowUp', 'ArrowLeft']);

/** The menu's items, in order. */
export const menuItems = (menu: HTMLElement): HTMLElement[] => [...menu.querySelectorAll<HTMLElement>(ITEMS)];

/** A key that types a character (not a space, which activates the item): type-ahead. */
const isCharacter = (key: string): boolean => /^\S$/u.test(key);

/** The item after `from` (wrapping around) whose visible text starts with `character`, if any. */
const nextStartingWith = (items: readonly HTMLElement[], from: number, character: string): number => {
  const wanted = character.toLocaleLowerCase();
  for (let offset = 1; offset <= items.length; offset += 1) {
    const at = (from + offset) % items.length;
    if ((items[at]?.textContent ?? '').trim().toLocaleLowerCase().startsWith(wanted)) {
      return at;
    }
  }
  return -1;
};

/** Moves focus within `menu` for `key`; false for a key that is not the menu's (then the caller handles it). */
export const moveMenuFocus = (menu: HTMLElement, key: string): boolean => {
  const step = NEXT[key];
  const items = menuItems(menu);
  if (items.length === 0) {
    return false;
  }
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (!step) {
    if (!isCharacter(key)) {
      return false;
    }
    // A letter no item starts with is still the menu's: it does nothing rather than reach the page.
    items[nextStartingWith(items, at === -1 ? items.length - 1 : at, key)]?.focus({ preventScroll: true });
    return true;
  }
  // From nowhere in particular, a step forward is the first item and a step back the last.
  const from = at !== -1 ? at : BACKWARD.has(key) ? 0 : items.length - 1;
  items[step(from, items.length)]?.focus({ preventScroll: true });
  return true;
};
