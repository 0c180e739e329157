// What the renderer holds of its host: the contract's methods, and the events the host sends unasked. Events
// arrive untrusted (another frame could forge a postMessage): each is validated before it is handed on.
import { HostEventSchema, type HostEvent } from '../../../shared/host/host-events';
import type { HostApi } from '../../../shared/host/host-contract';

export interface HostConnection {
  readonly api: HostApi;
  /** Calls `listener` with each valid host event; returns the unsubscribe function. */
  readonly onEvent: (listener: (event: HostEvent) => void) => () => void;
}

/** Adapts a raw event source to validated host events; invalid ones are dropped. */
export const validatedEvents =
  (subscribe: (listener: (raw: unknown) => void) => () => void): HostConnection['onEvent'] =>
  (listener) =>
    subscribe((raw) => {
      const event = HostEventSchema.safeParse(raw);
      if (event.success) {
        listener(event.data);
      }
    });
