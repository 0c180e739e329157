// The store folder's lock on a real file system: exactly one of several processes (and of many calls in one
// process) takes over the lock a crashed process left, however their steps interleave.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, LOCK_FILE, takeoverClaimFile } from './store-lock';
import type { ContenderReport } from './testing/lock-contender';

const ROUNDS = 40;
const CONTENDER = fileURLToPath(new URL('./testing/lock-contender.ts', import.meta.url));

/** What a lock names when its process has exited, as a crash leaves it. */
const crashedOwner = (token: string): string => {
  const exited = spawnSync(process.execPath, ['-e', '']);
  return JSON.stringify({ pid: exited.pid, token, bootId: null });
};

/** Runs `test` on a fresh folder whose lock a crashed process left, then removes the folder. */
const withStaleLock = async (test: (directory: string) => Promise<void>): Promise<void> => {
  const directory = await mkdtemp(path.join(tmpdir(), 'parley-lock-'));
  try {
    await writeFile(path.join(directory, LOCK_FILE), crashedOwner('a crashed process'));
    await test(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
};

const lockOwnerPid = async (directory: string): Promise<unknown> =>
  (JSON.parse(await readFile(path.join(directory, LOCK_FILE), 'utf8')) as { pid: unknown }).pid;

describe('store lock', () => {
  describe('taking over a stale lock', () => {
    const contenders: ChildProcess[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 4; i += 1) {
        const child = fork(CONTENDER, { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
        contenders.push(child);
        await new Promise<void>((resolve) => child.once('message', () => resolve()));
      }
    });
    afterAll(() => {
      contenders.forEach((child) => child.disconnect());
    });

    it('lets exactly one of several processes take it, every time', async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        await withStaleLock(async (directory) => {
          const reports = await Promise.all(
            contenders.map(
              (child) =>
                new Promise<ContenderReport & { pid: number | undefined }>((resolve) => {
                  child.once('message', (report: ContenderReport) => resolve({ ...report, pid: child.pid }));
                  child.send(directory);
                }),
            ),
          );
          const winners = reports.filter((report) => report.won);
          expect(winners, `round ${round}`).toHaveLength(1);
          for (const report of reports) {
            if (!report.won) {
              expect(report.error).toMatch(/is in use by process \d+/);
            }
          }
          expect(await lockOwnerPid(directory)).toBe(winners[0]?.pid);
        });
      }
    }, 120_000);

    it('lets exactly one of many concurrent calls in one process take it, every time', async () => {
      for (let round = 0; round < ROUNDS; round += 1) {
        await withStaleLock(async (directory) => {
          const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => acquireLock(directory)));
          const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
          expect(winners, `round ${round}`).toHaveLength(1);
          for (const attempt of attempts) {
            if (attempt.status === 'rejected') {
              expect(String(attempt.reason)).toMatch(/is in use by process \d+ \(this one\)/);
            }
          }
          expect(await lockOwnerPid(directory)).toBe(process.pid);
        });
      }
    });

    it('takes over a stale lock whose takeover a crashed process left half done', async () => {
      await withStaleLock(async (directory) => {
        const stale = await readFile(path.join(directory, LOCK_FILE));
        await writeFile(takeoverClaimFile(directory, stale), crashedOwner('crashed while taking over'));
        const release = await acquireLock(directory);
        expect(await lockOwnerPid(directory)).toBe(process.pid);
        await release();
      });
    });
  });
});
