// Byte/text encodings shared by every runtime; @scure/base is audited and has no runtime dependencies.
import { base32nopad, base64, utf8 as utf8Codec } from '@scure/base';

export const bytesToBase64 = (bytes: Uint8Array): string => base64.encode(bytes);
export const base64ToBytes = (text: string): Uint8Array => base64.decode(text);
export const bytesToBase32 = (bytes: Uint8Array): string => base32nopad.encode(bytes).toLowerCase();
export const utf8 = (text: string): Uint8Array => utf8Codec.decode(text);
/** Decodes UTF-8; null for bytes that are not valid UTF-8 (decoders of untrusted input must not throw). */
export const utf8ToString = (bytes: Uint8Array): string | null => {
  try {
    return utf8Codec.encode(bytes);
  } catch {
    return null;
  }
};
