// Delivers host events to the main window's renderer. Events raised before the page has loaded, or before there
// is a window at all (a link that launched the app), wait until it has, so none is lost; each delivery brings
// the window to the front.
import type { HostEvent, HostEventSink } from '../../shared/host/host-events';
import { HOST_EVENT_CHANNEL } from '../../shared/host/host-events';

export interface EventTarget {
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
  let awaitingLoad = false;

  const flush = (target: EventTarget) => {
    awaitingLoad = false;
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
    } else if (!awaitingLoad) {
      awaitingLoad = true;
      target.once('did-finish-load', () => flush(target));
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
