// gzip for the full backup (shared/backup/backup-bundle.ts) on the platform's CompressionStream, which Chromium,
// Electron and Node all have. Decompression stops as soon as the output passes its limit, so a small file that
// inflates to gigabytes (a gzip bomb) is refused without being held in memory.
import type { GzipPort } from '../../../../shared/backup/backup-bundle';

const collect = async (
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> => {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};

const through = (data: Uint8Array, transform: CompressionStream | DecompressionStream) =>
  new Blob([Uint8Array.from(data)]).stream().pipeThrough(transform);

export const streamGzip: GzipPort = {
  async gzip(data) {
    return new Uint8Array(await new Response(through(data, new CompressionStream('gzip'))).arrayBuffer());
  },
  async gunzip(data, maxBytes) {
    try {
      return await collect(through(data, new DecompressionStream('gzip')), maxBytes);
    } catch {
      // Not gzip, or cut short.
      return null;
    }
  },
};
