// Delivers host events to the main window's renderer. Events raised before the page has loaded, or before there
// is a window at all (a link that launched the app), wait until it has, so none is lost; each delivery brings
// the window to the front.
import type { HostEvent, HostEventSink } from '../../shared/host/host-events';
import { HOST_EVENT_CHANNEL } from '../../shared/host/host-events';

export interface EventTarget {
  /** Which page this is (a webContents' id): a window closed while loading is replaced by another. */
  readonly id: number;
  isLoading(): boolean;
  send(channel: string, event: HostEvent): void;
  once(event: 'did-finish-load', listener: () => void): unknown;
}

export interface HostEventChannel {
  readonly emit: HostEventSink;
  /** Delivers what waited for a window; call once a window has been created. */
  readonly deliverPending: () => void;
}

export const createHostEventChannel = (deps: {
  readonly target: () => EventTarget | null;
  readonly focus: () => void;
}): HostEventChannel => {
  let waiting: HostEvent[] = [];
  /** The page whose load is awaited, if any. */
  let awaitingLoadOf: number | null = null;

  const flush = (target: EventTarget) => {
    awaitingLoadOf = null;
    const events = waiting;
    waiting = [];
    events.forEach((event) => target.send(HOST_EVENT_CHANNEL, event));
  };

  const deliverPending = () => {
    const target = deps.target();
    if (!target || waiting.length === 0) {
      return;
    }
    if (!target.isLoading()) {
      flush(target);
    } else if (awaitingLoadOf !== target.id) {
      // A page that closed while loading never finishes: the wait moves to the page there is now.
      const id = target.id;
      awaitingLoadOf = id;
      target.once('did-finish-load', () => {
        if (awaitingLoadOf === id) {
          flush(target);
        }
      });
    }
  };

  return {
    emit(event) {
      waiting.push(event);
      deps.focus();
      deliverPending();
    },
    deliverPending,
  };
};
