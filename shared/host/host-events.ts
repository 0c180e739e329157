// Events the privileged side sends the UI, unasked: a notification was clicked, the OS handed over a parley://
// link, a menu command was chosen. One schema for both hosts; the renderer validates each before acting on it.
import { z } from 'zod';
import { MAX_INVITE_CHARS } from '../contacts/invite-link';
import { PeerIdSchema } from '../identity/peer-id';

export { HOST_EVENT_CHANNEL } from './host-methods';

export const APP_COMMANDS = ['quick-switcher', 'new-chat', 'settings', 'search'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export const HostEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('open-conversation'), peerId: PeerIdSchema }),
  z.strictObject({ type: z.literal('open-link'), url: z.string().min(1).max(MAX_INVITE_CHARS) }),
  z.strictObject({ type: z.literal('command'), command: z.enum(APP_COMMANDS) }),
]);
export type HostEvent = z.infer<typeof HostEventSchema>;

/** How a host delivers events to the UI (Electron: webContents.send; the browser Worker: postMessage). */
export type HostEventSink = (event: HostEvent) => void;
