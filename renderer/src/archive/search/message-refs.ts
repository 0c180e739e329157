// Message IDs as posting records keep them: the 32 hex digits of a UUID in 16 bytes, where the 36-character
// string would cost more than twice as much to store, read and copy at every index write.
export const REF_BYTES = 16;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Where the hex digit pairs of a UUID start (dashes after the 4th, 6th, 8th and 10th byte). */
const PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

const nibble = (code: number): number => {
  if (code >= 48 && code <= 57) {
    return code - 48;
  }
  if (code >= 97 && code <= 102) {
    return code - 87;
  }
  return -1;
};

/** The 16 bytes of a message ID (a lower-case UUID, as every message ID is). */
export const refOf = (id: string): Uint8Array => {
  const ref = new Uint8Array(REF_BYTES);
  let valid = id.length === 36;
  PAIRS.forEach((at, index) => {
    const high = nibble(id.charCodeAt(at));
    const low = nibble(id.charCodeAt(at + 1));
    valid &&= high >= 0 && low >= 0;
    ref[index] = (high << 4) | low;
  });
  if (!valid || id[8] !== '-' || id[13] !== '-' || id[18] !== '-' || id[23] !== '-') {
    throw new Error(`not a message ID: ${id}`);
  }
  return ref;
};

/** The message ID stored at `offset` of `from`. */
export const readRef = (from: Uint8Array, offset: number): string => {
  let id = '';
  for (let at = 0; at < REF_BYTES; at += 1) {
    id += HEX[from[offset + at] ?? 0] ?? '00';
    if (at === 3 || at === 5 || at === 7 || at === 9) {
      id += '-';
    }
  }
  return id;
};
