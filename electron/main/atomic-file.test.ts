import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file';

describe('writeFileAtomically', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-atomic-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and writes the content', async () => {
    const file = path.join(dir, 'a', 'b', 'doc.json');
    await writeFileAtomically(file, '{"v":1}');
    expect(await readFile(file, 'utf8')).toBe('{"v":1}');
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'doc.json');
    await writeFile(file, 'old');
    await writeFileAtomically(file, new Uint8Array([110, 101, 119]));
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  // Windows has no POSIX file modes to check; there the file's ACL is inherited from the user's profile.
  it.skipIf(process.platform === 'win32')('creates the file with the requested permissions', async () => {
    const file = path.join(dir, 'secret.bin');
    await writeFileAtomically(file, 'x', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('cleans up and rethrows when the target cannot be replaced', async () => {
    const target = path.join(dir, 'is-a-folder');
    await writeFileAtomically(path.join(target, 'inside.txt'), 'x');
    await expect(writeFileAtomically(target, 'y')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['is-a-folder']);
  });
});
