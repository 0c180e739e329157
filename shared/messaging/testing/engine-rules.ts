// What the engine's rule tests share: two engines on a clean network, and reading what they reported.
import { NO_FAULTS } from '../../testing/faulty-link';
import type { EngineEvent } from '../delivery-engine';
import type { Message } from '../message-format';
import type { ALICE } from './engine-pair';
import { createEnginePair, type EngineSide } from './engine-pair';

/** The events of one type an engine reported. */
export const eventsOf = <T extends EngineEvent['type']>(side: EngineSide, type: T) =>
  side.events.filter((event): event is Extract<EngineEvent, { type: T }> => event.type === type);

/** Two engines on a clean network, linked; contacts of each other unless told otherwise. */
export const connected = async (options: { contacts?: boolean; deliveryWindowMs?: number } = {}) => {
  const pair = await createEnginePair({
    seed: 1,
    faults: NO_FAULTS,
    contacts: options.contacts ?? true,
    ...(options.deliveryWindowMs ? { policy: { deliveryWindowMs: options.deliveryWindowMs } } : {}),
  });
  pair.connect();
  return pair;
};

/** Sends a text, failing the test if the engine refuses it. */
export const sendText = async (from: EngineSide, to: typeof ALICE, text: string): Promise<Message> => {
  const sent = await from.engine.send(to, 'text', { text });
  if (!sent.ok) {
    throw new Error(sent.error.code);
  }
  return sent.value;
};
