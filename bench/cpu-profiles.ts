// CPU profiles of bench pages, through the DevTools protocol: written as .cpuprofile files (open them in
// Chromium's DevTools, Performance panel) with a printed summary of where each page spent its time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

/** The functions that held the most samples (self time), as "share  name  where". */
export const topSelfTime = (profile: Profile, limit = 20): string[] => {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const counts = new Map<string, number>();
  for (const sample of profile.samples) {
    const frame = byNode.get(sample)?.callFrame;
    const name = frame
      ? `${frame.functionName || '(anonymous)'}  ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`
      : '(unknown)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length || 1;
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, count]) => `${((count / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
};

export const startProfiling = async (pages: readonly Page[]) => {
  const sessions: CDPSession[] = [];
  for (const page of pages) {
    const session = await page.context().newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 200 });
    await session.send('Profiler.start');
    sessions.push(session);
  }
  return {
    async stop(directory: string, names: readonly string[]): Promise<void> {
      mkdirSync(directory, { recursive: true });
      for (const [index, session] of sessions.entries()) {
        const { profile } = (await session.send('Profiler.stop')) as { profile: Profile };
        const name = names[index] ?? `page-${index}`;
        writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(profile));
        console.log(`\n${name}: where the main thread's time went\n${topSelfTime(profile).join('\n')}`);
        await session.detach();
      }
    },
  };
};
