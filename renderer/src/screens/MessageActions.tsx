// The actions on one message, behind a small menu button: the quick reactions, reply, copy, forward (not a disappearing message: its
// sender meant it to go), its details, delete for me, and for our own texts delete for everyone, and edit within a day of
// sending. Escape or choosing an action closes the menu.
import { useEffect, useRef, useState } from 'react';
import type { PeerId } from '../../../shared/identity/peer-id';
import type { MessageView } from '../archive/conversation-window';
import type { MessageDialog } from '../state/conversation-slice';
import { useAppStore } from '../state/use-app-store';
import { useClock } from './clock-context';
import { editableAt } from './editable-text';
import { menuItems, moveMenuFocus } from './menu-keys';
import { QuickReactions } from './MessageReactions';

/** Room the longest menu takes (the reactions and seven items), in CSS pixels. */
const MENU_HEIGHT_PX = 280;

/** Whether the menu of `button` must open below it: too little room above in the message list, more below. */
const opensBelow = (button: HTMLElement): boolean => {
  const list = button.closest('.message-list')?.getBoundingClientRect();
  const at = button.getBoundingClientRect();
  const above = at.top - (list?.top ?? 0);
  const underneath = (list?.bottom ?? window.innerHeight) - at.bottom;
  return above < MENU_HEIGHT_PX && underneath > above;
};

export const MessageActions = ({ peer, message }: { peer: PeerId; message: MessageView }) => {
  const [open, setOpen] = useState(false);
  // Where the menu opens: above its button, unless the list has no room for it there (a message near the top).
  const [below, setBelow] = useState(false);
  const startReply = useAppStore((state) => state.startReply);
  const startEdit = useAppStore((state) => state.startEdit);
  const clock = useClock();
  const deleteForMe = useAppStore((state) => state.deleteForMe);
  const deleteForEveryone = useAppStore((state) => state.deleteForEveryone);
  const openMessageDialog = useAppStore((state) => state.openMessageDialog);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLSpanElement>(null);
  // Opened, the menu takes focus on its first item, so the arrow keys work at once (WAI-ARIA menu button).
  // Opened with the up arrow, it starts at its last item instead.
  const startAtLast = useRef(false);
  useEffect(() => {
    if (open && menu.current) {
      const items = menuItems(menu.current);
      // Not scrolled into view: that would move the message list under the user (and page in older messages).
      items[startAtLast.current ? items.length - 1 : 0]?.focus({ preventScroll: true });
    }
  }, [open]);
  const close = (): void => {
    setOpen(false);
    menuButton.current?.focus();
  };
  // The item goes with the menu: focus goes back to the button first (Reply and Edit then move it to the composer).
  const run = (action: () => unknown): void => {
    close();
    void action();
  };
  // The menu item goes as the menu closes: focus moves to the menu's button first, so a dialog opened from it
  // hands focus back there when it closes.
  const openDialog = (dialog: MessageDialog): void => {
    setOpen(false);
    menuButton.current?.focus();
    openMessageDialog(dialog);
  };
  return (
    <span
      className="message-actions"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          close();
        } else if (event.key === 'Tab') {
          // Tab leaves the menu for the page, as from any menu.
          setOpen(false);
        } else if (
          !event.altKey &&
          !event.ctrlKey &&
          !event.metaKey &&
          menu.current?.contains(event.target as Node) &&
          moveMenuFocus(menu.current, event.key)
        ) {
          event.preventDefault();
        }
      }}
    >
      <button
        ref={menuButton}
        className="icon-button small"
        aria-label="Message actions"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(event) => {
          startAtLast.current = false;
          setBelow(opensBelow(event.currentTarget));
          setOpen((value) => !value);
        }}
        onKeyDown={(event) => {
          // The arrows open the menu too, at its first item (down) or its last (up).
          if (
            !open &&
            (event.key === 'ArrowDown' || event.key === 'ArrowUp') &&
            !event.altKey &&
            !event.ctrlKey &&
            !event.metaKey
          ) {
            event.preventDefault();
            startAtLast.current = event.key === 'ArrowUp';
            setBelow(opensBelow(event.currentTarget));
            setOpen(true);
          }
        }}
      >
        ⋯
      </button>
      {open && (
        <span ref={menu} className={below ? 'menu below' : 'menu'} role="menu" aria-label="Message actions">
          <QuickReactions
            message={message}
            done={close}
            more={(mine) =>
              openDialog({ kind: 'react', id: message.id, ...(mine === undefined ? {} : { mine }) })
            }
          />
          <button
            role="menuitem"
            onClick={() =>
              run(() =>
                startReply(peer, {
                  id: message.id,
                  fromMe: message.direction === 'out',
                  text: message.text,
                  ...(message.expiresAt === undefined ? {} : { expiresAt: message.expiresAt }),
                }),
              )
            }
          >
            Reply
          </button>
          {editableAt(message, clock.now()) && (
            <button
              role="menuitem"
              onClick={() => run(() => startEdit(peer, { id: message.id, text: message.text }))}
            >
              Edit
            </button>
          )}
          <button role="menuitem" onClick={() => run(() => navigator.clipboard.writeText(message.text))}>
            Copy text
          </button>
          {message.expiresAt === undefined && (
            <button role="menuitem" onClick={() => openDialog({ kind: 'forward', id: message.id })}>
              Forward…
            </button>
          )}
          <button role="menuitem" onClick={() => openDialog({ kind: 'info', id: message.id })}>
            Info
          </button>
          <button role="menuitem" onClick={() => run(() => deleteForMe([message.id]))}>
            Delete for me
          </button>
          {message.direction === 'out' && (
            <button
              role="menuitem"
              className="danger"
              onClick={() => run(() => deleteForEveryone([message.id]))}
            >
              Delete for everyone
            </button>
          )}
        </span>
      )}
    </span>
  );
};
