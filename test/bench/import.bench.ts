/**
 * `npm run bench -- import [--files N] [--big] [--no-recoll] [--corpus DIR]`: generates a
 * deterministic mixed corpus (text, Markdown, HTML, PDF, DOCX, 20-megapixel JPEGs; cached under
 * the temp folder), imports it through the real import service, worker processes and library,
 * and, when Debian's `recollindex` is installed, indexes the same files with Recoll in the same
 * run (Recoll needs `poppler-utils` for PDFs; it lists the helpers it missed). `--big` imports a
 * 1 GiB text file on its own instead. Reports files/s, MB/s, peak RSS of every process, the whole
 * tree's peak (PSS, see TreeSampler), peak open fds and the main event-loop delay p99.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { EventHub } from '../../electron/core/api/event-hub';
import { IngestService } from '../../electron/core/ingest';
import { openLibrary } from '../../electron/core/library';
import { createNodeSpawner, ProcessPool } from '../../electron/core/pool';
import { docx } from '../fixtures/office-documents';
import { pdf } from '../fixtures/pdf-writer';
import { seededRandom } from '../fixtures/seeded-random';

const { values: flags } = parseArgs({
  options: {
    files: { type: 'string' },
    big: { type: 'boolean' },
    'no-recoll': { type: 'boolean' },
    corpus: { type: 'string' },
    /** Internal: write the corpus and exit (run in a child, so generating does not weigh on the measured process). */
    generate: { type: 'boolean' },
    /** Internal: sample the process tree of this pid until stdin closes, then print its peaks (see startTreeSampler). */
    'sample-tree': { type: 'string' },
    /** Internal: the name the sampled tree's root process is reported under. */
    'root-name': { type: 'string' },
  },
  allowPositionals: true,
});
const FILES = Number(flags.files ?? 5000);
const IMAGES = 12;
const root = process.env.SKR_ROOT ?? process.cwd();
const TARGETS = { treePeakMb: 300, mainPeakMb: 150, fdsOverBaseline: 70, loopP99Ms: 50 };

const random = seededRandom(7);
// Common English words in rough frequency order (a Zipf-like draw below), plus made-up rare terms,
// so language detection and tokenising see text like real prose.
const COMMON = (
  'the of and to in is that it was for on are as with his they at be this from have or by one had not but what all were when we there can ' +
  'an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see ' +
  'time could no make than first been its who now people my made over did down only way find use may water long little very after words called ' +
  'just where most know get through back much before go good new write our used me man too any day same right look think also around another ' +
  'came come work three word must because does part even place well such here take why things help put years different away again off went ' +
  'old number great tell men say small every found still between name should home big give air line set own under read last never us left end ' +
  'along while might next sound below saw something thought both few those always looked show large often together asked house world going ' +
  'want school important until form food keep children feet land side without boy once animals life enough took sometimes four head above ' +
  'kind began almost live page got earth need far hand high year mother light parts country father let night following picture being study ' +
  'second eyes soon times story boys since white days ever paper hard near sentence better best across during today others however sure means ' +
  'knew its try told young miles sun ways thing whole hear example heard several change answer room sea against top turned learn point city ' +
  'play toward five using himself usually money seen car morning given system report market river garden music science history village'
).split(' ');
const RARE = Array.from({ length: 3000 }, (_, i) => `term${i.toString(36)}`);
const word = () => (random() < 0.9 ? COMMON[Math.floor(Math.pow(random(), 2) * COMMON.length)]! : RARE[Math.floor(random() * RARE.length)]!);
const sentence = () => {
  const n = 6 + Math.floor(random() * 14);
  const s = Array.from({ length: n }, word).join(' ');
  return s[0]!.toUpperCase() + s.slice(1) + '.';
};
const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 5) }, sentence).join(' ');
const paragraphs = (n: number) => Array.from({ length: n }, paragraph);

async function writeCorpus(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const textFiles = FILES - IMAGES;
  for (let i = 0; i < textFiles; i++) {
    const sub = path.join(dir, `folder-${String(i % 50).padStart(2, '0')}`, `sub-${i % 7}`);
    mkdirSync(sub, { recursive: true });
    const r = i % 20;
    const size = 2 + Math.floor(random() * 12);
    if (r < 8) writeFileSync(path.join(sub, `note-${i}.txt`), paragraphs(size).join('\n\n') + '\n');
    else if (r < 12) writeFileSync(path.join(sub, `readme-${i}.md`), `# ${sentence()}\n\n` + paragraphs(size).map((p, k) => (k % 3 === 0 ? `## ${word()}\n\n${p}` : p)).join('\n\n'));
    else if (r < 16) {
      const body = paragraphs(size).map((p) => `<p>${p}</p>`).join('\n');
      writeFileSync(path.join(sub, `page-${i}.html`), `<!doctype html><html><head><title>${sentence()}</title><style>p{margin:0}</style></head><body><h1>${word()}</h1>${body}<script>var x=1;</script></body></html>`);
    } else if (r < 18) {
      const pages = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({ lines: Array.from({ length: 30 }, () => sentence().slice(0, 90)) }));
      writeFileSync(path.join(sub, `paper-${i}.pdf`), pdf({ pages, title: sentence(), author: word() }));
    } else writeFileSync(path.join(sub, `report-${i}.docx`), docx({ title: sentence(), author: word(), paragraphs: paragraphs(size) }));
  }
  mkdirSync(path.join(dir, 'photos'), { recursive: true });
  // 5472 × 3648 ≈ 20 MP of deterministic noise, so each JPEG is photo-sized (several MB).
  const { default: sharp } = await import('sharp');
  const [width, height] = [5472, 3648];
  const raw = Buffer.allocUnsafe(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = 96 + ((random() * 64) | 0) + ((i / (width * 3)) & 63);
  for (let i = 0; i < IMAGES; i++) {
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .modulate({ hue: i * 29 })
      .jpeg({ quality: 85 })
      .toFile(path.join(dir, 'photos', `photo-${i}.jpg`));
  }
  writeFileSync(path.join(dir, '.complete'), '');
}

async function writeBigText(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  const block = Buffer.from(paragraphs(400).join('\n\n') + '\n\n');
  for (let written = 0; written < bytes; written += block.length) {
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

// ---------- process-tree sampling from /proc ----------
interface ProcSample {
  pid: number;
  name: string;
  rssBytes: number;
  /** Proportional set size: pages shared with other processes (the node binary's code, shared libraries) count once across them. */
  pssBytes: number;
}

const kbField = (text: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0) * 1024;

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function sampleTree(rootPid: number, rootName: string | undefined): ProcSample[] {
  const out: ProcSample[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    if (pid === process.pid) continue; // the sampler itself, a child of the measured process
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const pssBytes = kbField(readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1'), 'Pss');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
      const name = pid === rootPid && rootName ? rootName : cmd.some((c) => c.includes('worker/index.mjs')) ? 'worker' : path.basename(cmd[0] ?? '?') + (cmd[1] ? ` ${path.basename(cmd[1])}` : '');
      out.push({ pid, name, rssBytes: kbField(status, 'VmRSS'), pssBytes });
    } catch {
      continue;
    }
    stack.push(...children(pid));
  }
  return out;
}

const openFds = (pid: number) => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
};

/**
 * Peaks of a process tree. The tree's memory is the sum of its processes' PSS: summing RSS counts
 * every page shared between them (each Node process maps the same 40+ MB of node's code) once per
 * process. The RSS sum is reported too.
 */
class TreeSampler {
  treePeak = 0;
  treeRssSumPeak = 0;
  fdPeak = 0;
  readonly perProcess = new Map<number, { name: string; peak: number }>();
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly rootPid: number,
    private readonly rootName: string | undefined,
  ) {}
  start(ms = 100): void {
    this.timer = setInterval(() => this.sample(), ms);
    this.sample();
  }
  sample(): void {
    const procs = sampleTree(this.rootPid, this.rootName);
    this.treePeak = Math.max(this.treePeak, procs.reduce((s, p) => s + p.pssBytes, 0));
    this.treeRssSumPeak = Math.max(this.treeRssSumPeak, procs.reduce((s, p) => s + p.rssBytes, 0));
    this.fdPeak = Math.max(this.fdPeak, openFds(this.rootPid));
    for (const p of procs) {
      const entry = this.perProcess.get(p.pid) ?? { name: p.name, peak: 0 };
      entry.peak = Math.max(entry.peak, p.rssBytes);
      this.perProcess.set(p.pid, entry);
    }
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }
  peaksByName(): Record<string, { processes: number; peakMb: number }> {
    const out: Record<string, { processes: number; peakMb: number }> = {};
    for (const { name, peak } of this.perProcess.values()) {
      const e = (out[name] ??= { processes: 0, peakMb: 0 });
      e.processes++;
      e.peakMb = Math.max(e.peakMb, mb(peak));
    }
    return out;
  }

  peaks() {
    return { treePeak: this.treePeak, treeRssSumPeak: this.treeRssSumPeak, fdPeak: this.fdPeak, processes: this.peaksByName() };
  }
}

type TreePeaks = ReturnType<TreeSampler['peaks']>;

/** `--sample-tree PID`: samples until stdin closes, then prints the peaks as the last line. */
async function sampleTreeUntilStdinEnds(pid: number, rootName: string | undefined): Promise<void> {
  const sampler = new TreeSampler(pid, rootName);
  sampler.start();
  process.stdout.write('ready\n');
  process.stdin.resume();
  await once(process.stdin, 'end');
  sampler.stop();
  process.stdout.write(`${JSON.stringify(sampler.peaks())}\n`);
}

/**
 * Samples the process tree of `pid` from a child process. Sampling from the importing process
 * itself (status, smaps_rollup, cmdline of every process, 10 times a second) took a quarter of its
 * main thread: it slowed the import it measured, counted as its CPU and delayed its event loop.
 * Recoll is sampled the same way.
 */
async function startTreeSampler(pid: number, rootName?: string): Promise<{ stop(): Promise<TreePeaks>; cpuSeconds(): number }> {
  const args = [process.argv[1]!, '--sample-tree', String(pid), ...(rootName ? ['--root-name', rootName] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', () => reject(new Error('the tree sampler ended before it started')));
    child.stdout.on('data', (data: string) => {
      out += data;
      if (out.startsWith('ready\n')) resolve();
    });
  });
  return {
    /** The sampler's own CPU so far (it is a child too, and is not a worker). */
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'latin1').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      child.removeAllListeners('exit');
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
      return JSON.parse(out.trim().split('\n').at(-1)!) as TreePeaks;
    },
  };
}

/** CPU seconds of this process's children that have ended and been waited for (the worker processes, once the pool is closed). */
function endedChildrenCpuSeconds(): number {
  // Fields after the command name: cutime and cstime are the 14th and 15th, in clock ticks (100 Hz on Linux).
  const fields = readFileSync('/proc/self/stat', 'latin1').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

function corpusStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.isFile() && !e.name.startsWith('.')) {
        files++;
        bytes += statSync(full).size;
      }
    }
  };
  visit(dir);
  return { files, bytes };
}

// ---------- our import ----------
async function runImport(corpus: string) {
  const libraryDir = mkdtempSync(path.join(os.tmpdir(), 'skr-bench-import-lib-'));
  const library = await openLibrary({ dir: libraryDir, sqlWorkerScript: path.join(root, 'dist/core/sql-worker.mjs'), log: () => {} });
  const pool = new ProcessPool({ spawner: createNodeSpawner({ forwardStderr: false }), script: path.join(root, 'dist/worker/index.mjs') });
  const events = new EventHub();
  const ingest = new IngestService({ library, pool, events, libraryDir, log: (m) => console.error(m) });
  global.gc?.();
  const fdBaseline = openFds(process.pid);
  const mainBaselineMb = mb(process.memoryUsage.rss());
  const sampler = await startTreeSampler(process.pid, 'main');
  // The main thread's V8 heap and off-heap buffers at their peaks (cheap to read in-process).
  const heap = { peak: 0, externalPeak: 0 };
  const heapTimer = setInterval(() => {
    const m = process.memoryUsage();
    heap.peak = Math.max(heap.peak, m.heapUsed);
    heap.externalPeak = Math.max(heap.externalPeak, m.external + m.arrayBuffers);
  }, 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let documents = 0;
  events.subscribe('import.document', () => documents++);
  loop.enable();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const childCpuBefore = endedChildrenCpuSeconds();
  const summary = await ingest.whenFinished(ingest.start([corpus]));
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  loop.disable();
  clearInterval(heapTimer);
  const samplerCpuSeconds = sampler.cpuSeconds();
  const peaks = await sampler.stop();
  const failures: Record<string, number> = {};
  for (const f of summary.failed) failures[f.reason] = (failures[f.reason] ?? 0) + 1;
  const { restarts, recycles, reliefs } = pool.stats();
  const workerProcessesStarted = restarts + recycles + reliefs + pool.size;
  await ingest.close();
  await pool.close();
  const result = {
    ms: Math.round(ms),
    imported: summary.imported,
    duplicates: summary.duplicates,
    failed: summary.failed.length,
    failures,
    documentEvents: documents,
    filesPerSecond: Math.round(((summary.imported + summary.duplicates + summary.failed.length) / ms) * 1000 * 10) / 10,
    mbPerSecond: Math.round((summary.bytes / 1048576 / (ms / 1000)) * 10) / 10,
    peakTreeMb: mb(peaks.treePeak),
    peakTreeRssSumMb: mb(peaks.treeRssSumPeak),
    peakMainMb: peaks.processes.main?.peakMb ?? 0,
    mainBaselineMb,
    /** The main thread's V8 heap and off-heap buffers at their peaks (SQL threads are not in these). */
    mainHeapPeakMb: mb(heap.peak),
    mainExternalPeakMb: mb(heap.externalPeak),
    processes: peaks.processes,
    fdBaseline,
    peakFds: peaks.fdPeak,
    peakImportHandles: ingest.peakOpenFiles,
    loopP99Ms: Math.round((loop.percentile(99) / 1e6) * 10) / 10,
    loopMaxMs: Math.round((loop.max / 1e6) * 10) / 10,
    /** CPU seconds of the main process (its SQL threads included) during the import. */
    mainCpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
    /** CPU seconds of all worker processes of the import (their start-up included). */
    workerCpuSeconds: Math.round((endedChildrenCpuSeconds() - childCpuBefore - samplerCpuSeconds) * 10) / 10,
    /** Workers the pool runs (the app's default for this machine); a relief worker adds one while a long file holds them up. */
    poolSize: pool.size,
    workerProcessesStarted,
    searchCheck: (await library.search({ query: 'garden' })).total,
  };
  await library.close();
  rmSync(libraryDir, { recursive: true, force: true });
  return result;
}

// ---------- Recoll on the same files ----------
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

async function runRecoll(corpus: string) {
  const confdir = mkdtempSync(path.join(os.tmpdir(), 'skr-bench-recoll-'));
  writeFileSync(path.join(confdir, 'recoll.conf'), `topdirs = ${corpus}\nloglevel = 1\nnoaspell = 1\n`);
  const started = performance.now();
  // Debian's own PATH: Recoll's helper scripts run `env python3`, and a user's version-manager shim
  // (pyenv's costs ~100 ms of bash per call) would slow Recoll down rather than measure it.
  const env = { ...process.env, PATH: SYSTEM_PATH };
  const child = spawn('recollindex', ['-c', confdir, '-z'], { stdio: 'ignore', env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const sampler = await startTreeSampler(child.pid!);
  const code = await exited;
  const ms = performance.now() - started;
  const peaks = await sampler.stop();
  let indexed: number | null;
  try {
    const out = execFileSync('recollq', ['-c', confdir, '-S', 'url', '-n', '1', '-a', 'garden'], { encoding: 'utf8', env });
    indexed = Number(/(\d+) results/.exec(out)?.[1] ?? NaN);
  } catch {
    indexed = null;
  }
  // Recoll skips the formats whose helpers (pdftotext, antiword, exiftool…) are not installed; it lists them here.
  const missingHelpers = existsSync(path.join(confdir, 'missing')) ? readFileSync(path.join(confdir, 'missing'), 'utf8').split('\n').filter((line) => line.trim()) : [];
  rmSync(confdir, { recursive: true, force: true });
  return { exitCode: code, missingHelpers, ms: Math.round(ms), peakTreeMb: mb(peaks.treePeak), peakTreeRssSumMb: mb(peaks.treeRssSumPeak), processes: peaks.processes, resultsForCheckWord: indexed };
}

function hasRecoll(): boolean {
  try {
    execFileSync('which', ['recollindex'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  if (flags['sample-tree']) return sampleTreeUntilStdinEnds(Number(flags['sample-tree']), flags['root-name']);
  const corpus = flags.corpus ?? path.join(os.tmpdir(), flags.big ? 'skr-bench-import-big-v1' : `skr-bench-import-corpus-v2-${FILES}`);
  if (flags.generate) {
    if (flags.big) {
      mkdirSync(corpus, { recursive: true });
      await writeBigText(path.join(corpus, 'huge.txt'), 1024 ** 3);
    } else {
      rmSync(corpus, { recursive: true, force: true });
      await writeCorpus(corpus);
    }
    return;
  }
  const genStarted = performance.now();
  if (!existsSync(flags.big ? path.join(corpus, 'huge.txt') : path.join(corpus, '.complete'))) {
    execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), '--generate', '--corpus', corpus], { stdio: 'inherit' });
  }
  const generationMs = Math.round(performance.now() - genStarted);
  const { files, bytes } = corpusStats(corpus);
  const ours = await runImport(corpus);
  const recoll = !flags['no-recoll'] && hasRecoll() ? await runRecoll(corpus) : null;
  const verdicts = {
    fasterThanRecoll: recoll ? ours.ms < recoll.ms : null,
    treeUnderCap: ours.peakTreeMb <= TARGETS.treePeakMb,
    mainUnderCap: ours.peakMainMb <= TARGETS.mainPeakMb,
    fdsUnderCap: ours.peakFds - ours.fdBaseline <= TARGETS.fdsOverBaseline,
    loopDelayUnderCap: ours.loopP99Ms <= TARGETS.loopP99Ms,
  };
  const report = { benchmark: 'import', corpus: { dir: corpus, files, mb: mb(bytes), generationMs }, targets: TARGETS, skr: ours, recoll, verdicts };
  console.log(JSON.stringify(report));
  const rows: [string, string, string][] = [
    ['files', String(files), ''],
    ['corpus MB', String(mb(bytes)), ''],
    ['wall s', (ours.ms / 1000).toFixed(1), recoll ? (recoll.ms / 1000).toFixed(1) : '-'],
    ['files/s', String(ours.filesPerSecond), recoll ? ((files / recoll.ms) * 1000).toFixed(1) : '-'],
    ['MB/s', String(ours.mbPerSecond), recoll ? (mb(bytes) / (recoll.ms / 1000)).toFixed(1) : '-'],
    ['peak tree MB (PSS)', String(ours.peakTreeMb), recoll ? String(recoll.peakTreeMb) : '-'],
    ['  RSS summed', String(ours.peakTreeRssSumMb), recoll ? String(recoll.peakTreeRssSumMb) : '-'],
    ['peak main RSS MB', `${ours.peakMainMb} (idle ${ours.mainBaselineMb})`, ''],
    ['peak fds (baseline)', `${ours.peakFds} (${ours.fdBaseline})`, ''],
    ['loop delay p99 ms', String(ours.loopP99Ms), ''],
    ['imported/dup/failed', `${ours.imported}/${ours.duplicates}/${ours.failed}`, ''],
  ];
  console.log(`\n${'metric'.padEnd(22)}${'skr'.padEnd(16)}recoll`);
  for (const [k, a, b] of rows) console.log(`${k.padEnd(22)}${a.padEnd(16)}${b}`);
  for (const [name, p] of Object.entries(ours.processes)) console.log(`  skr ${name.padEnd(18)}${p.processes} process(es), peak ${p.peakMb} MB`);
  for (const [name, p] of Object.entries(recoll?.processes ?? {})) console.log(`  recoll ${name.padEnd(15)}${p.processes} process(es), peak ${p.peakMb} MB`);
}

await main();
