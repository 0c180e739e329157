// `npm run bench:search`: the archive's full-text search in Chromium (the real IndexedDB) against SQLite FTS5 on the
// same corpus, in the same run (issue 7).
//   corpus:  seeded, 50 conversations in eight languages' words (Latin with diacritics, Cyrillic, Greek, CJK),
//            Zipf-distributed, emoji and links, over five years (bench/search/corpus.ts); made in chunks on both sides;
//   import:  the app's archive import (parse and check each 10,000-message file, merge it with its search words);
//   queries: one-word, two-word and prefix queries picked from the corpus, through the app's search (first page of
//            50 newest, with snippets); FTS5 (unicode61, remove_diacritics 2) runs the same ones the way Signal
//            Desktop does; ratio = Parley p95 / FTS5 p95;
//   open:    the browser build opening a 100,000-message conversation: click to the frame showing its newest message.
// Sizes: PARLEY_BENCH_SEARCH_SIZES (default 100000,1000000). Prints a table, writes bench/results/search.json.
// With PARLEY_BENCH_PROFILE=<dir>, the measured queries of each size are CPU-profiled into that folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type {} from './search-page/main';
import { startProfiling } from './cpu-profiles';
import { machineInfo } from './machine-info';
import { buildWithVite } from './page-build';
import { startPageServer } from './page-server';
import { writeResultsFile } from './results-file';
import { loadFts5 } from './search/fts5-reference';
import { measureOpenConversation } from './search/open-conversation';
import { pickQueries, QUERY_KINDS, type BenchQuery, type QueryKind } from './search/queries';
import { median, percentile, round1, round3 } from './statistics';
import { count, table } from './text-table';

const SEED = 7;
const CONVERSATIONS = 50;
const CHUNK = Number(process.env.PARLEY_BENCH_SEARCH_CHUNK ?? 10_000);
const PER_KIND = Number(process.env.PARLEY_BENCH_SEARCH_QUERIES ?? 60);
const WARM_UP = 10;
/** New texts stored one by one after the queries, to time a lone arrival into a grown archive. */
const ARRIVALS = 200;
const OPEN_MESSAGES = Number(process.env.PARLEY_BENCH_SEARCH_OPEN ?? 100_000);
const OPEN_SAMPLES = 5;
const SIZES = (process.env.PARLEY_BENCH_SEARCH_SIZES ?? '100000,1000000')
  .split(',')
  .map((size) => Number(size.trim()))
  .filter((size) => Number.isInteger(size) && size > 0);
const GOAL_SIZE = 1_000_000;
/** Where CPU profiles of the measured queries go (one per size), when set. */
const PROFILE_DIRECTORY = process.env.PARLEY_BENCH_PROFILE;
const GOALS = { queryP95Ms: 100, importSec: 300, openConversationMs: 200 };

interface Timing {
  readonly ms: number;
  readonly results: number;
}

const summary = (parley: readonly Timing[], fts5: readonly Timing[]) => {
  const parleyP95 = percentile(
    parley.map((timing) => timing.ms),
    0.95,
  );
  const fts5P95 = percentile(
    fts5.map((timing) => timing.ms),
    0.95,
  );
  return {
    queries: parley.length,
    queryP50Ms: round1(median(parley.map((timing) => timing.ms))),
    queryP95Ms: round1(parleyP95),
    fts5QueryP50Ms: round3(median(fts5.map((timing) => timing.ms))),
    fts5QueryP95Ms: round3(fts5P95),
    ratio: round3(parleyP95 / fts5P95),
    /** Results on the first pages, all queries together (a check that both found about the same). */
    parleyResults: parley.reduce((sum, timing) => sum + timing.results, 0),
    fts5Results: fts5.reduce((sum, timing) => sum + timing.results, 0),
  };
};

const ofKind = <T>(queries: readonly BenchQuery[], timings: readonly T[], kind: QueryKind): T[] =>
  timings.filter((_, index) => queries[index]?.kind === kind);

const measureSize = async (url: string, size: number) => {
  console.log(`\n${count(size)} messages — FTS5 reference: loading…`);
  const fts5 = loadFts5(SEED, size, CONVERSATIONS);
  try {
    console.log(`  FTS5 import ${round1(fts5.importSec)} s`);
    const queries = pickQueries(fts5.candidates, SEED + size, PER_KIND);
    fts5.run(queries.slice(0, WARM_UP));
    const fts5Timings = fts5.run(queries);

    console.log('  Parley: importing through the app’s archive import…');
    // A profile on disk, as the app has: a fresh context keeps IndexedDB under an incognito quota, which a
    // million messages outgrow.
    const profile = mkdtempSync(
      path.join(process.env.PARLEY_BENCH_SEARCH_PROFILE_ROOT ?? tmpdir(), 'parley-bench-search-'),
    );
    const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error('page error:', error.message));
      page.on('console', (message) => {
        if (['error', 'warning', 'info'].includes(message.type())) {
          console.log(`  page: ${message.text()}`);
        }
      });
      await page.goto(new URL('/search-bench/index.html', url).href);
      const dbName = `parley-bench-search-${String(size)}`;
      await page.evaluate((name) => window.parleySearchBench.drop(name), dbName);
      const imported = await page.evaluate((request) => window.parleySearchBench.importCorpus(request), {
        dbName,
        seed: SEED,
        messages: size,
        conversations: CONVERSATIONS,
        chunk: CHUNK,
      });
      if (imported.checksum !== fts5.checksum || imported.imported !== size) {
        throw new Error('the page and Node made different corpora');
      }
      const importSec = imported.importMs / 1000;
      console.log(`  Parley import ${round1(importSec)} s; queries…`);
      const inputs = queries.map((query) => query.parley);
      await page.evaluate(([name, some]) => window.parleySearchBench.search(name, some), [
        dbName,
        inputs.slice(0, WARM_UP),
      ] as const);
      const profiling = PROFILE_DIRECTORY ? await startProfiling([page]) : null;
      const parleyTimings = await page.evaluate(([name, all]) => window.parleySearchBench.search(name, all), [
        dbName,
        inputs,
      ] as const);
      if (profiling && PROFILE_DIRECTORY) {
        await profiling.stop(PROFILE_DIRECTORY, [`queries-${String(size)}`]);
      }
      console.log(`  ${String(ARRIVALS)} lone arrivals…`);
      const arrivals = await page.evaluate((request) => window.parleySearchBench.arrivals(request), {
        dbName,
        seed: SEED,
        conversations: CONVERSATIONS,
        count: ARRIVALS,
      });
      await page.evaluate((name) => window.parleySearchBench.drop(name), dbName);
      const kinds = Object.fromEntries(
        QUERY_KINDS.map((kind) => [
          kind,
          summary(ofKind(queries, parleyTimings, kind), ofKind(queries, fts5Timings, kind)),
        ]),
      ) as Record<QueryKind, ReturnType<typeof summary>>;
      const overall = summary(parleyTimings, fts5Timings);
      return {
        importSec: round1(importSec),
        queryP50Ms: overall.queryP50Ms,
        queryP95Ms: overall.queryP95Ms,
        fts5QueryP95Ms: overall.fts5QueryP95Ms,
        ratio: overall.ratio,
        fts5QueryP50Ms: overall.fts5QueryP50Ms,
        importMsgsPerSec: Math.round(size / importSec),
        fts5ImportSec: round1(fts5.importSec),
        generateSec: round1(imported.generateMs / 1000),
        arrivalP50Ms: round1(median(arrivals)),
        arrivalP95Ms: round1(percentile(arrivals, 0.95)),
        parleyResults: overall.parleyResults,
        fts5Results: overall.fts5Results,
        kinds,
        queries: queries.map((query, index) => ({
          kind: query.kind,
          parley: query.parley,
          fts5: query.fts5,
          parleyMs: round1(parleyTimings[index]?.ms ?? Number.NaN),
          parleyResults: parleyTimings[index]?.results,
          fts5Ms: round3(fts5Timings[index]?.ms ?? Number.NaN),
          fts5Results: fts5Timings[index]?.results,
        })),
      };
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  } finally {
    fts5.close();
  }
};

const main = async () => {
  const startedAt = Date.now();
  // The app's browser build in a folder of its own (the e2e journeys use out/web), then the bench page inside it.
  buildWithVite([
    '--config',
    'renderer/vite.web.config.ts',
    '--outDir',
    '../out/bench/search-app',
    '--emptyOutDir',
  ]);
  buildWithVite(['--config', 'bench/search-page/vite.config.ts']);
  const server = await startPageServer(new URL('../out/bench/search-app', import.meta.url));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const bySize: Record<string, Awaited<ReturnType<typeof measureSize>>> = {};
    for (const size of SIZES) {
      bySize[String(size)] = await measureSize(server.httpUrl, size);
    }
    console.log(`\nopening a conversation of ${count(OPEN_MESSAGES)} messages in the browser build…`);
    const open = await measureOpenConversation(browser, server.httpUrl, {
      seed: SEED,
      messages: OPEN_MESSAGES,
      samples: OPEN_SAMPLES,
    });
    const openConversationMs = round1(median(open.samplesMs));

    const largest = Math.max(...SIZES);
    const atGoalSize = bySize[String(largest)];
    const measuredAt = largest === GOAL_SIZE ? {} : { measuredAt: largest, note: 'goal is at 1,000,000' };
    const goals = {
      queryP95Under100MsAt1M: {
        value: atGoalSize?.queryP95Ms,
        goal: `< ${String(GOALS.queryP95Ms)} ms`,
        pass: (atGoalSize?.queryP95Ms ?? Infinity) < GOALS.queryP95Ms,
        ...measuredAt,
      },
      importOf1MUnder5Min: {
        value: atGoalSize ? round1((atGoalSize.importSec * GOAL_SIZE) / largest) : undefined,
        goal: `< ${String(GOALS.importSec)} s`,
        pass: (atGoalSize ? (atGoalSize.importSec * GOAL_SIZE) / largest : Infinity) < GOALS.importSec,
        ...(largest === GOAL_SIZE ? {} : { ...measuredAt, note: 'scaled linearly from the largest size' }),
      },
      openConversationUnder200Ms: {
        value: openConversationMs,
        goal: `< ${String(GOALS.openConversationMs)} ms`,
        pass: openConversationMs < GOALS.openConversationMs,
        ...(OPEN_MESSAGES === 100_000 ? {} : { messages: OPEN_MESSAGES }),
      },
    };
    const results = {
      name: 'search',
      timestamp: new Date().toISOString(),
      machine: { ...machineInfo(browser.version()), memoryGiB: Math.round(totalmem() / 2 ** 30) },
      method: {
        corpus: `seed ${String(SEED)}, ${String(CONVERSATIONS)} conversations, eight languages (en fr de es pl ru el + CJK), Zipf words, 1–150 words per message, emoji 10%, links 2%, five years (bench/search/corpus.ts); Node and the page make it in ${String(CHUNK)}-message chunks and compare checksums`,
        import: `the app's archive import per ${String(CHUNK)}-message archive file: parseArchiveFile (JSON.parse, zod, checks) + importArchive (one transaction: duplicate and tombstone checks, records with their search words, statuses, counters, summaries); corpus making and JSON.stringify not counted`,
        queries: `${String(PER_KIND)} per kind, picked from the corpus (one-word: half frequent, half rare; two-word: two words of one message; prefix: first 3-4 letters of a word), no CJK; each run once after ${String(WARM_UP)} warm-up queries; parseSearchQuery + searchArchive, first page of 50 newest with snippets`,
        fts5: `better-sqlite3, SQLite FTS5 tokenize='unicode61 remove_diacritics 2', messages table + FTS5 table sharing rowid, on disk (WAL); MATCH joined to messages ORDER BY sent_at DESC LIMIT 50 with snippet(); same queries ("word", "a" "b", "pre"*), in the same run`,
        arrivals: `after the queries, ${String(ARRIVALS)} new texts from the busiest contact, each stored alone through the app's message store (one transaction: the message, its sequence and conversation bookkeeping, its words merged into the newest time bucket's posting records); ms per arrival`,
        openConversation: `browser build, identity made through the UI, ${String(OPEN_MESSAGES)} messages in one conversation imported through the app's import; ${String(OPEN_SAMPLES)} times: reload, click the contact, ms from the click event to the animation frame in which the newest message is on screen; median`,
      },
      ...bySize,
      openConversationMs,
      openConversation: {
        messages: OPEN_MESSAGES,
        samplesMs: open.samplesMs.map(round1),
        importSec: round1(open.importSec),
      },
      goals,
      allGoalsPass: Object.values(goals).every((goal) => goal.pass),
      durationSec: round1((Date.now() - startedAt) / 1000),
    };

    const rows: string[][] = [];
    for (const size of SIZES) {
      const result = bySize[String(size)];
      if (!result) {
        continue;
      }
      const at = count(size);
      rows.push([
        `${at}: import (index included), s`,
        String(result.importSec),
        `FTS5 ${String(result.fts5ImportSec)}`,
        '',
      ]);
      for (const kind of QUERY_KINDS) {
        const detail = result.kinds[kind];
        rows.push([
          `${at}: ${kind} query p50 / p95, ms`,
          `${String(detail.queryP50Ms)} / ${String(detail.queryP95Ms)}`,
          `FTS5 ${String(detail.fts5QueryP50Ms)} / ${String(detail.fts5QueryP95Ms)}`,
          String(detail.ratio),
        ]);
      }
      rows.push([
        `${at}: one arrival stored p50 / p95, ms`,
        `${String(result.arrivalP50Ms)} / ${String(result.arrivalP95Ms)}`,
        '',
        '',
      ]);
      rows.push([
        `${at}: all queries p50 / p95, ms`,
        `${String(result.queryP50Ms)} / ${String(result.queryP95Ms)}`,
        `FTS5 ${String(result.fts5QueryP50Ms)} / ${String(result.fts5QueryP95Ms)}`,
        String(result.ratio),
      ]);
    }
    rows.push([`open ${count(OPEN_MESSAGES)}-message conversation, ms`, String(openConversationMs), '', '']);
    console.log('\n' + table(['measure', 'Parley', 'reference', 'ratio p95'], rows));
    console.log(
      '\n' +
        table(
          ['goal', 'value', 'goal', 'pass'],
          Object.entries(goals).map(([name, goal]) => [
            name +
              ('measuredAt' in goal && goal.measuredAt !== undefined
                ? ` (at ${count(goal.measuredAt)})`
                : ''),
            String(goal.value),
            goal.goal,
            String(goal.pass),
          ]),
        ),
    );
    writeResultsFile(results);
  } finally {
    await browser.close();
    await server.close();
  }
};

await main();
