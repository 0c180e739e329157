// The line format of the store's journal and snapshot files: CRC-32 of the JSON text's UTF-8 bytes as 8 hex
// digits, a space, the JSON text, a newline. A checksum per line tells a torn or damaged line from a good one.
import { crc32 } from 'node:zlib';

const checksum = (data: string | Uint8Array): string => crc32(data).toString(16).padStart(8, '0');
export const encodeLine = (json: string): string => `${checksum(json)} ${json}\n`;

export const decodeLine = (line: Buffer): { ok: true; value: unknown } | { ok: false; reason: string } => {
  const sum = line.toString('latin1', 0, 8);
  if (line.length < 10 || line[8] !== 0x20 || !/^[0-9a-f]{8}$/.test(sum)) {
    return { ok: false, reason: 'not a checksummed line' };
  }
  const json = line.subarray(9);
  if (checksum(json) !== sum) {
    return { ok: false, reason: 'checksum mismatch' };
  }
  try {
    return { ok: true, value: JSON.parse(json.toString('utf8')) };
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
};

/** Lines as byte ranges; the last has no newline if the file ends mid-line. */
export const splitLines = (bytes: Buffer): { start: number; end: number; terminated: boolean }[] => {
  const lines = [];
  for (let at = 0; at < bytes.length;) {
    const newline = bytes.indexOf(0x0a, at);
    const end = newline === -1 ? bytes.length : newline;
    lines.push({ start: at, end, terminated: newline !== -1 });
    at = end + 1;
  }
  return lines;
};

export interface ReadLine {
  /** 1-based, for error messages. */
  readonly number: number;
  /** Byte offset where the line starts (a torn last line is cut off here). */
  readonly start: number;
  readonly last: boolean;
  readonly decoded: ReturnType<typeof decodeLine>;
}

/** Every line of a file, decoded; a line without its newline (a torn write) does not decode. */
export const readLines = (bytes: Buffer): ReadLine[] => {
  const ranges = splitLines(bytes);
  return ranges.map((range, index) => ({
    number: index + 1,
    start: range.start,
    last: index === ranges.length - 1,
    decoded: range.terminated
      ? decodeLine(bytes.subarray(range.start, range.end))
      : { ok: false as const, reason: 'no line end' },
  }));
};
