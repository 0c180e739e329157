// User settings: one schema for storage, the host contract and the settings screen.
import { z } from 'zod';
import { IceServerSchema } from '../signaling/signaling-frames';

/**
 * A host as a Content-Security-Policy host-source can name it (letters, digits, hyphens, dots, and a port): the
 * desktop app lists the signaling server's origin in its CSP, so anything else (`;`, `,`, `*`, an IPv6 literal,
 * which Chromium's CSP drops) would break the policy or the connection.
 */
export const CSP_HOST_PATTERN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i;

/** Any ws:// or wss:// URL: what settings may hold (older versions stored these; the CSP filters its own). */
export const SignalingUrlSchema = z
  .string()
  .max(2048)
  // URL is not part of the runtime-neutral lib; a scheme + authority check is all settings need.
  .regex(/^wss?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'a ws:// or wss:// URL');

/** A signaling URL the user chooses now: one whose host the desktop app's CSP can name. */
export const ChosenSignalingUrlSchema = SignalingUrlSchema.regex(
  /^wss?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?(?:[/?#]\S*)?$/i,
  'a ws:// or wss:// URL whose host is a name or an IPv4 address',
);

/** A STUN or TURN server the user adds (their own, or their organisation's), beside the signaling server's. */
export const UserIceServerSchema = IceServerSchema.refine(
  (server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).every((url) =>
      /^(stun|turns?):\S+$/i.test(url),
    ),
  'stun:, turn: or turns: addresses',
);

export const SettingsSchema = z.strictObject({
  signalingUrl: SignalingUrlSchema,
  theme: z.enum(['system', 'light', 'dark']),
  notifications: z.boolean(),
  iceServers: z.array(UserIceServerSchema).max(8),
  /** Messages older than this many days are deleted from the archive; absent or null keeps them forever. */
  retentionDays: z.number().int().min(1).max(36_500).nullable().optional(),
  /**
   * Whether contacts are told when the user has read their messages (absent: yes). Off, the user is not shown
   * theirs either, as it goes both ways in other messengers.
   */
  readReceipts: z.boolean().optional(),
  /** Whether contacts see the user typing (absent: yes). Off, the user does not see theirs either. */
  typingIndicators: z.boolean().optional(),
  /** The skin tone the emoji picker offers people and hands in (absent: the default yellow). */
  emojiSkinTone: z.enum(['none', 'light', 'medium-light', 'medium', 'medium-dark', 'dark']).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
/** What the user may change: a new signaling URL must suit the desktop app's CSP. */
export const SettingsUpdateSchema = SettingsPatchSchema.extend({
  signalingUrl: ChosenSignalingUrlSchema.optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
