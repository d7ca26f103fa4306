/**
 * `npm run bench -- search [--docs N] [--queries N] [--keep DIR] [--reuse] [--dump-queries FILE]`:
 * builds a deterministic corpus (100,000 documents, ~250 MB of text, Zipf vocabulary with Cyrillic
 * and CJK documents) through the library's public writer API, then times a fixed query mix with
 * snippets, the worst common-term queries, queries after a pause (the readers idle, their page
 * caches given back), the reader pool under concurrency, and opening the library until its first
 * answer. Each query's CPU time (all threads of the process) is measured beside its wall time, and
 * the load average is printed, since the machine may be shared.
 *
 * `--reuse` keeps the built corpus under the temp folder, keyed by the corpus version, the schema
 * and the document count, and reuses it on the next run (its build figures are those of the run
 * that built it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLibrary, type Library, type NewStagedDocument } from '../../electron/core/library';
import { splitPassages } from '../../electron/core/library/passages';
import { MIGRATIONS } from '../../electron/core/library/schema';
import { seededRandom } from '../fixtures/seeded-random';

const { values: flags } = parseArgs({
  options: {
    docs: { type: 'string' },
    queries: { type: 'string' },
    keep: { type: 'string' },
    reuse: { type: 'boolean' },
    'dump-queries': { type: 'string' },
  },
  allowPositionals: true,
});
/** Bump when the generated corpus changes, so a reused corpus is rebuilt. */
const CORPUS_VERSION = 1;
const DOCS = Number(flags.docs ?? 100_000);
const QUERIES = Number(flags.queries ?? 2000);
/** Queries timed one by one after a pause longer than the SQL threads' idle time (2 s). */
const AFTER_PAUSE = 10;
const PAUSE_MS = 3000;
const root = process.env.SKR_ROOT ?? process.cwd();
const sqlWorkerScript = path.join(root, 'dist/core/sql-worker.mjs');

const random = seededRandom(42);
/** Queries draw from their own stream, so they are the same whether the corpus is built or reused. */
const queryRandom = seededRandom(7);
const pick = <T>(items: readonly T[], from = random): T =>
  items[Math.floor(from() * items.length)]!;

function vocabulary(size: number, make: () => string): string[] {
  const words = new Set<string>();
  while (words.size < size) words.add(make());
  return [...words];
}
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'to',
  'sa',
  'vel',
  'dor',
  'an',
  'is',
  'qu',
  'ter',
  'po',
  'li',
  'ne',
  'ra',
  'gu',
  'sh',
  'st',
  'ex',
  'ol',
  'um',
  'br',
  'ch',
  'é',
  'ü',
];
const CYRILLIC = [
  'ка',
  'ло',
  'ми',
  'рен',
  'то',
  'са',
  'вел',
  'дор',
  'ан',
  'ис',
  'ни',
  'ст',
  'пр',
  'жи',
];
const HAN = Array.from(
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切养Bの歴史日本語について文書',
);
const latin = vocabulary(60_000, () =>
  Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(SYLLABLES)).join(''),
);
const cyrillic = vocabulary(8_000, () =>
  Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(CYRILLIC)).join(''),
);
const cjk = vocabulary(8_000, () =>
  Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(HAN)).join(''),
);

/** Zipf(s = 1.05) sampler over ranks 0..n-1 by binary search on the cumulative weights. */
function zipf(n: number, from = random): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1, 1.05);
  return () => {
    const x = from() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
const latinRank = zipf(latin.length);
const cyrillicRank = zipf(cyrillic.length);
const cjkRank = zipf(cjk.length);

const KINDS = ['pdf', 'pdf', 'html', 'html', 'text', 'markdown', 'docx', 'epub', 'odt', 'code'];
const TAGS = Array.from({ length: 24 }, (_, i) => `topic${i}`);
const YEAR = 365 * 24 * 3600 * 1000;
const START = Date.UTC(2019, 0, 1);

function makeDocument(i: number): NewStagedDocument {
  const script = random();
  const kind = script < 0.05 ? 'ja' : script < 0.1 ? 'ru' : 'en';
  // Mostly ~2 KB documents, a few long ones: ~200 MB over 100k documents.
  const words =
    random() < 0.01 ? 3000 + Math.floor(random() * 5000) : 80 + Math.floor(random() * 330);
  const parts: string[] = [];
  for (let w = 0; w < words; w++) {
    if (kind === 'ja') parts.push(cjk[cjkRank()]!);
    else if (kind === 'ru') parts.push(cyrillic[cyrillicRank()]!);
    else parts.push(latin[latinRank()]!);
    if (w % 14 === 13) parts.push(kind === 'ja' ? '。' : '.\n');
  }
  const text = kind === 'ja' ? parts.join('') : parts.join(' ');
  const titleWords = Array.from(
    { length: 2 + Math.floor(random() * 4) },
    () => latin[100 + Math.floor(random() * 5000)]!,
  );
  const docKind = pick(KINDS);
  return {
    meta: {
      title: titleWords.join(' '),
      kind: docKind,
      mime: 'application/octet-stream',
      size: text.length,
      sha256: `${i.toString(16).padStart(64, '0')}`,
      originalPath: `/corpus/${docKind}/${i}.${docKind}`,
      modifiedAt: START + Math.floor(random() * 6.5 * YEAR),
    },
    chunks: splitPassages(text).map((t, ordinal) => ({ ordinal, text: t })),
    final: {
      language: kind,
      metrics: { chars: text.length, words },
      tags: random() < 0.3 ? [pick(TAGS), ...(random() < 0.3 ? [pick(TAGS)] : [])] : undefined,
    },
  };
}

/** A fixed mix: 1-, 2-, 3-term queries, phrases, prefixes, filters, Cyrillic and CJK. */
function makeQueries(n: number): { kind: string; query: string }[] {
  const random = queryRandom;
  const word = () => latin[20 + Math.floor(Math.pow(random(), 2) * 20_000)]!;
  const zipfLatin = zipf(latin.length, random);
  const makers: [string, number, () => string][] = [
    ['1-term', 25, () => word()],
    ['2-term', 20, () => `${word()} ${word()}`],
    ['3-term', 10, () => `${word()} ${word()} ${word()}`],
    ['phrase', 10, () => `"${latin[zipfLatin()]!} ${latin[zipfLatin()]!}"`],
    ['prefix', 10, () => `${word().slice(0, 4)}*`],
    [
      'filter',
      10,
      () =>
        `${word()} ${pick(['type:pdf', 'tag:topic3', 'after:2023-01-01', 'lang:en', '-type:html'], random)}`,
    ],
    ['exclude', 5, () => `${word()} -${word()}`],
    ['cyrillic', 5, () => cyrillic[20 + Math.floor(random() * 3000)]!],
    ['cjk', 5, () => cjk[20 + Math.floor(random() * 3000)]!.slice(0, 2)],
  ];
  const total = makers.reduce((s, m) => s + m[1], 0);
  return Array.from({ length: n }, () => {
    let x = random() * total;
    const maker = makers.find((m) => (x -= m[1]) < 0) ?? makers[0]!;
    return { kind: maker[0], query: maker[2]() };
  });
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { count: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s.at(-1) ?? 0) };
}

/** Wall and CPU time (every thread of this process: the readers do the work) of each query. */
async function timeQueries(library: Library, queries: { kind: string; query: string }[]) {
  const all: number[] = [];
  const cpu: number[] = [];
  const byKind: Record<string, number[]> = {};
  const cpuByKind: Record<string, number[]> = {};
  for (const { kind, query } of queries) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await library.search({ query, limit: 20 });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    const cpuMs = (used.user + used.system) / 1000;
    all.push(ms);
    cpu.push(cpuMs);
    (byKind[kind] ??= []).push(ms);
    (cpuByKind[kind] ??= []).push(cpuMs);
  }
  return {
    all: percentiles(all),
    cpu: percentiles(cpu),
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [
        k,
        {
          ...percentiles(v),
          cpuP50: percentiles(cpuByKind[k]!).p50,
          cpuP99: percentiles(cpuByKind[k]!).p99,
        },
      ]),
    ),
  };
}

/** Where `--reuse` keeps a corpus: a new corpus, schema or size gets a new folder. */
function reusableDir(): string {
  const schema = createHash('sha256').update(MIGRATIONS.join('\n')).digest('hex').slice(0, 10);
  return path.join(os.tmpdir(), `skr-bench-search-c${CORPUS_VERSION}-s${schema}-n${DOCS}`);
}

interface BuildFigures {
  buildMs: number;
  /** Index upkeep after the build (segments merged), which the app does once imports pause. */
  upkeepMs?: number;
  textBytes: number;
  chunks: number;
}

async function main(): Promise<void> {
  if (flags['dump-queries']) {
    // For profiling a reader in-process on the same mix.
    writeFileSync(flags['dump-queries'], JSON.stringify(makeQueries(QUERIES)));
    return;
  }
  const dir = flags.reuse
    ? reusableDir()
    : (flags.keep ?? mkdtempSync(path.join(os.tmpdir(), 'skr-bench-search-')));
  const buildFile = path.join(dir, 'bench-build.json');
  if (flags.reuse && !existsSync(buildFile)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const loadBefore = os.loadavg();
  let library = await openLibrary({ dir, sqlWorkerScript, log: () => {} });
  let build: BuildFigures = { buildMs: 0, textBytes: 0, chunks: 0 };
  if (existsSync(buildFile)) {
    build = JSON.parse(readFileSync(buildFile, 'utf8')) as BuildFigures;
    log(`reusing the corpus in ${dir}`);
  } else if ((await library.stats()).documents === 0) {
    const buildStarted = performance.now();
    const BATCH = 500;
    for (let i = 0; i < DOCS; i += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, DOCS - i) }, (_, j) =>
        makeDocument(i + j),
      );
      for (const d of batch) {
        for (const c of d.chunks) build.textBytes += Buffer.byteLength(c.text);
        build.chunks += d.chunks.length;
      }
      await library.addDocuments(batch);
      if ((i / BATCH) % 20 === 0)
        log(`indexed ${i + batch.length} documents, ${(build.textBytes / 1e6).toFixed(0)} MB`);
    }
    build.buildMs = performance.now() - buildStarted;
  }
  // Queries are timed on the index as an idle app leaves it.
  const upkeepStarted = performance.now();
  await library.settleIndex();
  build.upkeepMs ??= Math.round(performance.now() - upkeepStarted);
  if (flags.reuse) writeFileSync(buildFile, JSON.stringify(build));
  const { buildMs, upkeepMs, textBytes, chunks } = build;
  const stats = await library.stats();

  // Every phase has queries of its own (the mix's first, so it stays the same for any --queries):
  // the readers remember each word's match count (see skr_bm25.c), so a query timed a second time
  // would be timed warm.
  const generated = makeQueries(QUERIES + 1200 + AFTER_PAUSE);
  const queries = generated.slice(0, QUERIES);
  const warmUp = generated.slice(QUERIES, QUERIES + 200);
  const concurrentWarmUp = generated.slice(QUERIES + 200, QUERIES + 400);
  const concurrent = generated.slice(QUERIES + 400, QUERIES + 1200);
  const afterPause = generated.slice(QUERIES + 1200);
  await timeQueries(library, warmUp); // warm the page cache and the readers' caches
  const mix = await timeQueries(library, queries);

  const common = [
    latin[0]!,
    latin[1]!,
    latin[2]!,
    `${latin[0]} ${latin[1]}`,
    `${latin[1]} ${latin[3]}`,
    `${latin[0]} ${latin[1]} ${latin[2]}`,
    `"${latin[0]} ${latin[1]}"`,
  ];
  // The first run is the figure: the runs after it find the words' match counts remembered.
  const commonTerm: { query: string; ms: number; againMs: number; total: number }[] = [];
  for (const query of common) {
    const runs: number[] = [];
    let total = 0;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      total = (await library.search({ query, limit: 20 })).total;
      runs.push(performance.now() - started);
    }
    commonTerm.push({
      query,
      ms: round2(runs[0]!),
      againMs: round2(Math.min(...runs.slice(1))),
      total,
    });
  }

  // A user reading results between searches: each query comes after the reader rested past its
  // idle collection, which also gives its page cache back (see memoryReleaser).
  const afterPauseMs: number[] = [];
  for (const { query } of afterPause) {
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const started = performance.now();
    await library.search({ query, limit: 20 });
    afterPauseMs.push(performance.now() - started);
  }

  // Concurrency: 8 clients at once, to see the reader pool's queueing. Searches one after another
  // all went to one reader (the warmest: see SqlPool), so the others are warmed first, as the
  // first reader was before the mix.
  const clients = async (batch: { query: string }[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batch.length)
          await library.search({ query: batch[next++]!.query, limit: 20 });
      }),
    );
  };
  await clients(concurrentWarmUp);
  const concurrentStarted = performance.now();
  await clients(concurrent);
  const concurrentMs = performance.now() - concurrentStarted;
  const pool = library.readerPoolStats();
  await library.close();

  const openStarted = performance.now();
  library = await openLibrary({ dir, sqlWorkerScript, log: () => {} });
  const openedMs = performance.now() - openStarted;
  await library.search({ query: latin[500]!, limit: 20 });
  const openAndFirstQueryMs = performance.now() - openStarted;
  await library.close();
  if (!flags.keep && !flags.reuse) rmSync(dir, { recursive: true, force: true });

  const result = {
    benchmark: 'search',
    documents: stats.documents,
    chunks: stats.chunks || chunks,
    textMB: Math.round(textBytes / 1e5) / 10,
    buildMs: Math.round(buildMs),
    docsPerSecond: Math.round(stats.documents / (buildMs / 1000)),
    upkeepMs,
    databaseMB: Math.round(stats.databaseBytes / 1e5) / 10,
    walMB: Math.round(stats.walBytes / 1e5) / 10,
    loadAverage: { before: loadBefore.map(round2), after: os.loadavg().map(round2) },
    mix: mix.all,
    mixCpuMs: mix.cpu,
    byKind: mix.byKind,
    commonTerm,
    worstCommonTermMs: Math.max(...commonTerm.map((c) => c.ms)),
    afterPause: { pauseMs: PAUSE_MS, ...percentiles(afterPauseMs) },
    concurrent: {
      clients: 8,
      queries: concurrent.length,
      qps: Math.round(concurrent.length / (concurrentMs / 1000)),
    },
    pool: {
      size: pool.size,
      waitP50Ms: pool.waitP50Ms,
      waitP99Ms: pool.waitP99Ms,
      slowQueries: pool.slowQueries,
      timeouts: pool.timeouts,
    },
    openMs: Math.round(openedMs),
    openAndFirstQueryMs: Math.round(openAndFirstQueryMs),
    targets: { p50Ms: 2, p99Ms: 20, worstCommonTermMs: 50, openAndFirstQueryMs: 500 },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const rows: [string, string][] = [
    ['documents / passages', `${result.documents} / ${result.chunks}`],
    ['text', `${result.textMB} MB`],
    [
      'load average',
      `${result.loadAverage.before.join(' ')} -> ${result.loadAverage.after.join(' ')}`,
    ],
    ['index build', `${(result.buildMs / 1000).toFixed(1)} s (${result.docsPerSecond} docs/s)`],
    [
      'index upkeep after it',
      `${((result.upkeepMs ?? 0) / 1000).toFixed(1)} s (segments merged while idle)`,
    ],
    ['database (+WAL)', `${result.databaseMB} MB (+${result.walMB} MB)`],
    [
      'mix p50 / p95 / p99',
      `${result.mix.p50} / ${result.mix.p95} / ${result.mix.p99} ms (target 2 / - / 20)`,
    ],
    [
      'mix CPU p50 / p95 / p99',
      `${result.mixCpuMs.p50} / ${result.mixCpuMs.p95} / ${result.mixCpuMs.p99} ms`,
    ],
    ...Object.entries(result.byKind).map(
      ([k, v]) =>
        [
          `  ${k} p50 / p99`,
          `${v.p50} / ${v.p99} ms, CPU ${v.cpuP50} / ${v.cpuP99} ms (n=${v.count})`,
        ] as [string, string],
    ),
    ['worst common-term', `${result.worstCommonTermMs} ms (target 50)`],
    ...commonTerm.map(
      (c) =>
        [`  ${c.query}`, `${c.ms} ms (again ${c.againMs}), ${c.total} hits`] as [string, string],
    ),
    [
      `after a ${PAUSE_MS / 1000} s pause p50 / max`,
      `${result.afterPause.p50} / ${result.afterPause.max} ms (n=${result.afterPause.count})`,
    ],
    [
      '8 clients',
      `${result.concurrent.qps} queries/s, pool wait p50 ${pool.waitP50Ms.toFixed(3)} / p99 ${pool.waitP99Ms.toFixed(3)} ms`,
    ],
    [
      'open + first query',
      `${result.openAndFirstQueryMs} ms (open ${result.openMs} ms; target 500)`,
    ],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
}

await main();
