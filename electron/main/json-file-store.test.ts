import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJsonFileStore } from './json-file-store';

describe('createJsonFileStore', () => {
  let dir: string;
  let file: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-store-'));
    file = path.join(dir, 'user-data', 'settings.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads null before anything was written', async () => {
    expect(await createJsonFileStore(file).read()).toBeNull();
  });

  it('round-trips a document through the file', async () => {
    const store = createJsonFileStore(file);
    await store.write({ theme: 'dark', notifications: false });
    expect(await store.read()).toEqual({ theme: 'dark', notifications: false });
    expect(await createJsonFileStore(file).read()).toEqual({ theme: 'dark', notifications: false });
  });

  it('keeps the last of several writes that were not awaited', async () => {
    const store = createJsonFileStore(file);
    const writes = [1, 2, 3, 4, 5].map((n) => store.write({ n }));
    await Promise.all(writes);
    expect(await store.read()).toEqual({ n: 5 });
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
  });

  it('reads a corrupt file as null and replaces it on the next write', async () => {
    const store = createJsonFileStore(file);
    await store.write({ ok: true });
    await writeFile(file, '{"truncated":');
    expect(await store.read()).toBeNull();
    await store.write({ ok: 'again' });
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ ok: 'again' });
  });

  it('reports a failed write to its caller and keeps working afterwards', async () => {
    const blocked = path.join(dir, 'blocked');
    await writeFile(blocked, 'a file where a folder should be');
    const store = createJsonFileStore(path.join(blocked, 'settings.json'));
    await expect(store.write({ a: 1 })).rejects.toThrow();
    await rm(blocked);
    await store.write({ a: 2 });
    expect(await store.read()).toEqual({ a: 2 });
  });
});
