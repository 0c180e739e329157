// How the host Worker posts host events to its page: a message with this one key, beside comlink's replies.
import type { HostEventSink } from '../../../shared/host/host-events';

export const WORKER_EVENT_KEY = 'parleyHostEvent';

export const workerEventSink =
  (post: (message: unknown) => void): HostEventSink =>
  (event) =>
    post({ [WORKER_EVENT_KEY]: event });
