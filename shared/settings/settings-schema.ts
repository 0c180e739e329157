// User settings: one schema for storage, the host contract and the settings screen.
import { z } from 'zod';

export const SignalingUrlSchema = z
  .string()
  .max(2048)
  // URL is not part of the runtime-neutral lib; a scheme + authority check is all settings need.
  .regex(/^wss?:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i, 'a ws:// or wss:// URL');

export const SettingsSchema = z.strictObject({
  signalingUrl: SignalingUrlSchema,
  theme: z.enum(['system', 'light', 'dark']),
  notifications: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
