// Bounds-checked big-endian binary encoding for the session wire formats. The reader never throws: a read past
// the end or a malformed field marks it failed, and callers check `ok` once at the end.
const MAX_SAFE_U64 = 2 ** 53 - 1;

export class ByteWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  u8(value: number): this {
    return this.bytes(Uint8Array.of(value & 0xff));
  }

  u16(value: number): this {
    return this.bytes(Uint8Array.of((value >>> 8) & 0xff, value & 0xff));
  }

  u32(value: number): this {
    const out = new Uint8Array(4);
    writeU32(out, 0, value);
    return this.bytes(out);
  }

  /** Unsigned 64-bit; values above 2^53 - 1 are a programmer error. */
  u64(value: number): this {
    const out = new Uint8Array(8);
    writeU64(out, 0, value);
    return this.bytes(out);
  }

  bytes(value: Uint8Array): this {
    this.parts.push(value);
    this.length += value.length;
    return this;
  }

  /** A 16-bit length prefix, then the bytes. */
  bytes16(value: Uint8Array): this {
    if (value.length > 0xffff) {
      throw new RangeError('field longer than 65535 bytes');
    }
    return this.u16(value.length).bytes(value);
  }

  /** A 32-bit length prefix, then the bytes. */
  bytes32(value: Uint8Array): this {
    return this.u32(value.length).bytes(value);
  }

  finish(): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

export class ByteReader {
  private offset = 0;
  private failed = false;

  constructor(private readonly input: Uint8Array) {}

  get ok(): boolean {
    return !this.failed;
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.input.length - this.offset;
  }

  /** True when everything was read successfully and nothing is left over. */
  get done(): boolean {
    return !this.failed && this.offset === this.input.length;
  }

  private take(count: number): Uint8Array {
    if (this.failed || count < 0 || this.offset + count > this.input.length) {
      this.failed = true;
      return new Uint8Array(0);
    }
    const slice = this.input.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  // Fixed-size fields are read in place: no subarray or DataView per field on the record hot path.
  private claim(count: number): number {
    const at = this.offset;
    if (this.failed || at + count > this.input.length) {
      this.failed = true;
      return -1;
    }
    this.offset = at + count;
    return at;
  }

  u8(): number {
    const at = this.claim(1);
    return at < 0 ? 0 : (this.input[at] ?? 0);
  }

  u16(): number {
    const at = this.claim(2);
    return at < 0 ? 0 : ((this.input[at] ?? 0) << 8) | (this.input[at + 1] ?? 0);
  }

  u32(): number {
    const at = this.claim(4);
    return at < 0 ? 0 : readU32(this.input, at);
  }

  u64(): number {
    const high = this.u32();
    const low = this.u32();
    if (high > 0x1fffff) {
      this.failed = true;
      return 0;
    }
    return high * 2 ** 32 + low;
  }

  bytes(count: number): Uint8Array {
    return this.take(count);
  }

  bytes16(max = 0xffff): Uint8Array {
    const length = this.u16();
    if (length > max) {
      this.failed = true;
    }
    return this.take(length);
  }

  bytes32(max: number): Uint8Array {
    const length = this.u32();
    if (length > max) {
      this.failed = true;
    }
    return this.take(length);
  }

  rest(): Uint8Array {
    return this.take(this.remaining);
  }
}

/** Big-endian u32 at `offset`; `value` is taken modulo 2^32, as DataView.setUint32 does. */
export const writeU32 = (target: Uint8Array, offset: number, value: number): void => {
  const word = value >>> 0;
  target[offset] = word >>> 24;
  target[offset + 1] = (word >>> 16) & 0xff;
  target[offset + 2] = (word >>> 8) & 0xff;
  target[offset + 3] = word & 0xff;
};

/** Big-endian u64 at `offset`; values outside 0 ... 2^53 - 1 are a programmer error. */
export const writeU64 = (target: Uint8Array, offset: number, value: number): void => {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_SAFE_U64) {
    throw new RangeError(`u64 out of range: ${value}`);
  }
  writeU32(target, offset, Math.floor(value / 2 ** 32));
  writeU32(target, offset + 4, value);
};

/** Big-endian u32 at `offset`; 0 for bytes past the end (callers check lengths first). */
export const readU32 = (source: Uint8Array, offset: number): number =>
  (((source[offset] ?? 0) << 24) |
    ((source[offset + 1] ?? 0) << 16) |
    ((source[offset + 2] ?? 0) << 8) |
    (source[offset + 3] ?? 0)) >>>
  0;

export const concatBytes = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const writer = new ByteWriter();
  for (const part of parts) {
    writer.bytes(part);
  }
  return writer.finish();
};

/** Constant-time comparison: the time taken does not depend on where two equal-length inputs differ. */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) {
    difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  }
  return difference === 0;
};
