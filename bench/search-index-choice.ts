// `npm run bench:search-index`: which full-text index the archive should keep (docs/SEARCH_INDEX.md), measured on
// bench:search's corpus and queries at 100,000 messages in Chromium: the Dexie multiEntry words index the archive
// has (queries through the app's search), MiniSearch and FlexSearch (in memory, fed by the archive's own folding;
// their queries end the same way: newest 50 read from the archive, with snippets). For each: what building costs,
// query p50/p95 per kind, JavaScript heap held, and what keeping it across restarts costs (save, load at start-up,
// one new message). Writes bench/results/search-index.json.
import { chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type {} from './search-page/main';
import { createCorpus } from './search/corpus';
import { pickQueries, QUERY_KINDS, type BenchQuery } from './search/queries';
import { machineInfo } from './machine-info';
import { buildWithVite } from './page-build';
import { startPageServer } from './page-server';
import { writeResultsFile } from './results-file';
import { median, percentile, round1, round3 } from './statistics';
import { table } from './text-table';

const SEED = 7;
const CONVERSATIONS = 50;
const MESSAGES = Number(process.env.PARLEY_BENCH_SEARCH_INDEX_SIZE ?? 100_000);
const PER_KIND = 60;

const latency = (queries: readonly BenchQuery[], timings: readonly { ms: number; results: number }[]) => {
  const of = (kind?: string) =>
    timings.filter((_, index) => kind === undefined || queries[index]?.kind === kind).map((t) => t.ms);
  return {
    queryP50Ms: round1(median(of())),
    queryP95Ms: round1(percentile(of(), 0.95)),
    kinds: Object.fromEntries(
      QUERY_KINDS.map((kind) => [
        kind,
        { queryP50Ms: round1(median(of(kind))), queryP95Ms: round1(percentile(of(kind), 0.95)) },
      ]),
    ),
    results: timings.reduce((sum, timing) => sum + timing.results, 0),
  };
};

/** JavaScript heap in use after a full collection, MiB. */
const heapMiB = async (page: Page): Promise<number> => {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await session.send('Runtime.getHeapUsage')) as { usedSize: number };
  await session.detach();
  return usedSize / 2 ** 20;
};

const main = async () => {
  const startedAt = Date.now();
  buildWithVite(['--config', 'bench/search-page/vite.config.ts']);
  const server = await startPageServer(new URL('../out/bench/search-app', import.meta.url));
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const corpus = createCorpus({
      seed: SEED,
      messages: MESSAGES,
      conversations: CONVERSATIONS,
      collect: true,
    });
    while (!corpus.done()) {
      corpus.next(10_000);
    }
    const queries = pickQueries(corpus.candidates, SEED + MESSAGES, PER_KIND);
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(new URL('/search-bench/index.html', server.httpUrl).href);
    const dbName = 'parley-bench-index-choice-archive';
    await page.evaluate((name) => window.parleySearchBench.drop(name), dbName);

    console.log('Dexie multiEntry (the archive as it is)…');
    const imported = await page.evaluate((request) => window.parleySearchBench.importCorpus(request), {
      dbName,
      seed: SEED,
      messages: MESSAGES,
      conversations: CONVERSATIONS,
      chunk: 10_000,
    });
    const inputs = queries.map((query) => query.parley);
    await page.evaluate(([name, some]) => window.parleySearchBench.search(name, some), [
      dbName,
      inputs.slice(0, 10),
    ] as const);
    const dexieTimings = await page.evaluate(([name, all]) => window.parleySearchBench.search(name, all), [
      dbName,
      inputs,
    ] as const);
    const { foldMs } = await page.evaluate(
      ([seed, n, c]) => window.parleySearchBench.indexChoice.prepare(seed, n, c),
      [SEED, MESSAGES, CONVERSATIONS] as const,
    );
    const wordsCost = await page.evaluate(() => window.parleySearchBench.indexChoice.dexieWordsCost());
    const baseHeap = await heapMiB(page);

    const library = async (name: 'minisearch' | 'flexsearch') => {
      console.log(`${name}…`);
      const { buildMs } = await page.evaluate(
        (which) =>
          which === 'minisearch'
            ? window.parleySearchBench.indexChoice.buildMiniSearch()
            : window.parleySearchBench.indexChoice.buildFlexSearch(),
        name,
      );
      const heap = (await heapMiB(page)) - baseHeap;
      await page.evaluate(
        ([which, db, some]) => window.parleySearchBench.indexChoice.search(which, db, some),
        [name, dbName, queries.slice(0, 10)] as const,
      );
      const timings = await page.evaluate(
        ([which, db, all]) => window.parleySearchBench.indexChoice.search(which, db, all),
        [name, dbName, queries] as const,
      );
      const persisted = await page.evaluate(
        (which) => window.parleySearchBench.indexChoice.persist(which),
        name,
      );
      await page.evaluate(() => window.parleySearchBench.indexChoice.release());
      await page.evaluate(() => window.parleySearchBench.indexChoice.dropScratch());
      return {
        buildSec: round1((foldMs + buildMs) / 1000),
        heapMiB: round1(heap),
        ...latency(queries, timings),
        persistence: {
          serializedMiB: round1((persisted.chars * 2) / 2 ** 20),
          saveMs: Math.round(persisted.saveMs),
          loadAtStartupMs: Math.round(persisted.loadMs),
          addOneMessageAndSerializeMs: Math.round(persisted.addOneAndSerializeMs),
        },
      };
    };
    const minisearch = await library('minisearch');
    const flexsearch = await library('flexsearch');
    await page.evaluate((name) => window.parleySearchBench.drop(name), dbName);

    const dexie = {
      buildSec: round1((foldMs + wordsCost.withWordsMs - wordsCost.withoutWordsMs) / 1000),
      heapMiB: 0,
      ...latency(queries, dexieTimings),
      persistence: {
        diskMiB: round1(wordsCost.extraBytes / 2 ** 20),
        saveMs: 0,
        loadAtStartupMs: 0,
        perMessageWriteMs: round3((wordsCost.withWordsMs - wordsCost.withoutWordsMs) / MESSAGES),
      },
      archiveImportSec: round1(imported.importMs / 1000),
    };
    const results = {
      name: 'search-index',
      timestamp: new Date().toISOString(),
      machine: machineInfo(browser.version()),
      messages: MESSAGES,
      method: {
        corpus: `bench:search's corpus (seed ${String(SEED)}, ${String(CONVERSATIONS)} conversations) and its ${String(PER_KIND)} queries per kind at this size`,
        build: `folding every text (indexWords, ${String(Math.round(foldMs))} ms, shared by all three) plus: Dexie — bulk writes with a *words multiEntry index minus the same writes without it; libraries — addAll / add of every message in memory`,
        query:
          "Dexie: the app's searchArchive; libraries: search (AND; prefix on the last word), every match sorted newest first, 50 read from the archive, snippets; once each after 10 warm-up queries",
        heap: 'JavaScript heap after a forced collection, with the index held minus without (CDP Runtime.getHeapUsage)',
        persistence:
          'libraries keep no index on disk: the whole index serialized (MiniSearch JSON, FlexSearch export) into IndexedDB, then read back and loaded as every start-up would; one new message then costs an add plus serializing again. Dexie: its index is part of each message write (extra disk and per-message write time measured); nothing to save or load',
        flexsearch:
          "tokenize 'forward' (prefixes indexed, needed for prefix queries; every word query then also matches longer words)",
      },
      dexie,
      minisearch,
      flexsearch,
      durationSec: round1((Date.now() - startedAt) / 1000),
    };
    const row = (name: string, entry: typeof minisearch | typeof dexie, load: string) => [
      name,
      String(entry.buildSec),
      `${String(entry.queryP50Ms)} / ${String(entry.queryP95Ms)}`,
      QUERY_KINDS.map((kind) => String(entry.kinds[kind]?.queryP95Ms)).join(' / '),
      String(entry.heapMiB),
      load,
    ];
    console.log(
      '\n' +
        table(
          ['index', 'build s', 'p50 / p95 ms', 'p95 one/two/prefix', 'heap MiB', 'restart: save + load ms'],
          [
            row('Dexie multiEntry', dexie, `0 (on disk: +${String(dexie.persistence.diskMiB)} MiB)`),
            row(
              'MiniSearch',
              minisearch,
              `${String(minisearch.persistence.saveMs)} + ${String(minisearch.persistence.loadAtStartupMs)}`,
            ),
            row(
              'FlexSearch',
              flexsearch,
              `${String(flexsearch.persistence.saveMs)} + ${String(flexsearch.persistence.loadAtStartupMs)}`,
            ),
          ],
        ),
    );
    writeResultsFile(results);
  } finally {
    await browser.close();
    await server.close();
  }
};

await main();
