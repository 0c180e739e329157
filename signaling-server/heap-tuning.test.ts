import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HEAP_TUNING = fileURLToPath(new URL('./heap-tuning.ts', import.meta.url));

// The pattern ws follows per connection: an empty array literal stored on a long-lived object, replaced only when
// the next message arrives, so on idle connections the arrays outlive scavenges. A small fixed new space is always
// at its maximum size, the condition V8 requires before it commits to pretenuring a site.
const SCRIPT = `
const { tuneHeapForRelaying } = await import(${JSON.stringify(HEAP_TUNING)});
if (process.argv.includes('tuned')) tuneHeapForRelaying();
const fresh = () => [];
const connections = Array.from({ length: 20000 }, () => ({ fragments: fresh() }));
for (let round = 0; round < 200; round += 1) {
  for (const connection of connections) connection.fragments = fresh();
}
console.log(%InYoungGeneration(fresh()) ? 'young' : 'old');
`;

/** Where a fresh array from that literal is allocated once the pattern has run, in a process of its own. */
const allocatedIn = (tuned: boolean): string =>
  execFileSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--min-semi-space-size=1',
      '--max-semi-space-size=1',
      '--import',
      'tsx',
      '--input-type=module',
      '--eval',
      SCRIPT,
      ...(tuned ? ['tuned'] : []),
    ],
    { encoding: 'utf8' },
  ).trim();

describe('relay heap tuning', () => {
  it('keeps V8 from moving a long-lived array literal to old space', () => {
    // Without the tuning the literal is pretenured: the failure the tuning exists for, shown to happen here.
    expect(allocatedIn(false)).toBe('old');
    expect(allocatedIn(true)).toBe('young');
  });
});
