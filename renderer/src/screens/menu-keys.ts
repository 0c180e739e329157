// Keys inside a menu, as the WAI-ARIA menu pattern has them: arrows move between its items (up and down, and left
// and right along a row of them), Home and End go to the first and the last; focus wraps around.
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

/** Moves focus within `menu` for `key`; false for a key that is not the menu's (then the caller handles it). */
export const moveMenuFocus = (menu: HTMLElement, key: string): boolean => {
  const step = NEXT[key];
  const items = menuItems(menu);
  if (!step || items.length === 0) {
    return false;
  }
  const at = items.indexOf(document.activeElement as HTMLElement);
  // From nowhere in particular, a step forward is the first item and a step back the last.
  const from = at !== -1 ? at : BACKWARD.has(key) ? 0 : items.length - 1;
  items[step(from, items.length)]?.focus({ preventScroll: true });
  return true;
};
