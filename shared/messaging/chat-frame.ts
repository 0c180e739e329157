// The data-channel frame of this foundation build: a text message, validated on receipt. The full message
// format (IDs, sequence numbers, acks, encryption) replaces it in the messaging issue; see docs/PROTOCOL.md.
import { z } from 'zod';

export const ChatFrameSchema = z.strictObject({
  v: z.literal(0),
  type: z.literal('text'),
  id: z.string().min(1).max(64),
  sentAt: z.number().int().nonnegative(),
  text: z.string().min(1).max(65_536),
});
export type ChatFrame = z.infer<typeof ChatFrameSchema>;

export const decodeChatFrame = (text: string): ChatFrame | null => {
  try {
    const parsed = ChatFrameSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};
