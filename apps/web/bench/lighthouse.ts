// `npm run bench:web -- [--check] [--smoke] [--runs N]`: Lighthouse (mobile: its default form
// factor and simulated throttling) on the web app's main pages, served by a MedSync server on a
// fresh embedded database with the demo data, and the JavaScript the first page loads (gzipped)
// against its budget. Prints a table; `--check` exits non-zero when a target is missed. `--smoke`
// (CI): the first page once, and only the JavaScript budget is judged, since scores on a shared
// machine are noisy; it fails if Lighthouse cannot measure the page at all.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import {
  type AppServer,
  CHROMIUM_FLAGS,
  CHROMIUM_PATH,
  launchBrowser,
  startAppServer,
} from './app-server.js';

/** The pages measured, in order; the first is the one whose JavaScript is weighed. */
export const PAGES: { name: string; path: (demo: AppServer['demo']) => string }[] = [
  { name: 'home', path: () => '/' },
  { name: 'doctor search', path: (demo) => `/find?specialty=${demo.specialtyId}` },
  { name: 'doctor profile', path: (demo) => `/doctors/${demo.doctorId}` },
];

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
type Category = (typeof CATEGORIES)[number];
/** The lowest acceptable score (0–100) per category. */
const TARGETS: Record<Category, number> = {
  performance: 90,
  accessibility: 95,
  'best-practices': 95,
};
/** The first page's JavaScript, gzipped (README "Choices"). */
const JS_BUDGET_BYTES = 200_000;

const { values: options } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    runs: { type: 'string' },
  },
});
const smoke = options.smoke ?? false;
const runs = Number(options.runs ?? (smoke ? 1 : 3));
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');

interface PageResult {
  name: string;
  path: string;
  /** Median of the runs, 0–100; null when Lighthouse could not score it. */
  scores: Record<Category, number | null>;
  /** From the run with the median performance score. */
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  /** The weighted audits that did not pass in the median run, per category: what to fix. */
  failing: string[];
  problems: string[];
}

interface Script {
  path: string;
  bytes: number;
  gzipBytes: number;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/**
 * Every .js response Chromium loads for the page until the network is idle, gzipped here; and
 * the console's errors on the way (Lighthouse's best practices count them).
 */
async function firstPageScripts(url: string): Promise<{ scripts: Script[]; errors: string[] }> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 412, height: 823 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    const page = await context.newPage();
    const pending: Promise<Script | null>[] = [];
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      const type = response.headers()['content-type'] ?? '';
      if (!(pathname.endsWith('.js') || pathname.endsWith('.mjs') || type.includes('javascript')))
        return;
      if (response.status() >= 300) return;
      pending.push(
        response.body().then(
          (body) => ({ path: pathname, bytes: body.length, gzipBytes: gzipSync(body).length }),
          () => null,
        ),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    const scripts = (await Promise.all(pending)).filter((s): s is Script => s !== null);
    await context.close();
    return { scripts, errors };
  } finally {
    await browser.close();
  }
}

async function measurePage(port: number, name: string, path: string, url: string) {
  const perRun: {
    scores: Record<Category, number | null>;
    audits: Record<string, { score: number | null; numericValue?: number }>;
    failing: string[];
  }[] = [];
  const problems: string[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await lighthouse(url, {
      port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...CATEGORIES],
    });
    if (!result) {
      problems.push('Lighthouse returned nothing');
      continue;
    }
    const { lhr } = result;
    if (lhr.runtimeError) problems.push(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => {
        const score = lhr.categories[c]?.score;
        return [c, typeof score === 'number' ? Math.round(score * 100) : null];
      }),
    ) as Record<Category, number | null>;
    const failing = CATEGORIES.flatMap((c) =>
      (lhr.categories[c]?.auditRefs ?? [])
        .filter((ref) => ref.weight > 0)
        .filter((ref) => {
          const score = lhr.audits[ref.id]?.score;
          return typeof score === 'number' && score < 0.9;
        })
        .map((ref) => `${c}: ${ref.id}`),
    );
    perRun.push({ scores, audits: lhr.audits, failing });
  }
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [
      c,
      median(perRun.map((r) => r.scores[c]).filter((s): s is number => s !== null)),
    ]),
  ) as Record<Category, number | null>;
  const medianRun =
    perRun.find((r) => r.scores.performance === scores.performance) ?? perRun[0] ?? null;
  const numeric = (id: string): number | null => {
    const value = medianRun?.audits[id]?.numericValue;
    return typeof value === 'number' ? value : null;
  };
  return {
    name,
    path,
    scores,
    lcpMs: numeric('largest-contentful-paint'),
    tbtMs: numeric('total-blocking-time'),
    cls: numeric('cumulative-layout-shift'),
    failing: medianRun?.failing ?? [],
    problems,
  } satisfies PageResult;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const pad = (text: string, width: number) => text.padEnd(width);
const cell = (value: number | null, target: number | null) =>
  value === null ? 'n/a' : `${value}${target !== null && value < target ? ' ✗' : ''}`;

function printPages(results: PageResult[], judged: boolean): void {
  const width = Math.max(...results.map((r) => `${r.name} ${r.path}`.length), 10) + 2;
  console.log(
    `\n${pad('page', width)}${pad('perf', 8)}${pad('a11y', 8)}${pad('best-pr', 9)}${pad('LCP', 9)}${pad('TBT', 9)}CLS`,
  );
  for (const r of results) {
    const t = (c: Category) => (judged ? TARGETS[c] : null);
    console.log(
      pad(`${r.name} ${r.path}`, width) +
        pad(cell(r.scores.performance, t('performance')), 8) +
        pad(cell(r.scores.accessibility, t('accessibility')), 8) +
        pad(cell(r.scores['best-practices'], t('best-practices')), 9) +
        pad(r.lcpMs === null ? 'n/a' : `${(r.lcpMs / 1000).toFixed(1)} s`, 9) +
        pad(r.tbtMs === null ? 'n/a' : `${Math.round(r.tbtMs)} ms`, 9) +
        (r.cls === null ? 'n/a' : r.cls.toFixed(3)),
    );
    for (const problem of r.problems) console.log(`  ! ${problem}`);
    if (r.failing.length > 0) console.log(`  not passed: ${r.failing.join(', ')}`);
  }
  console.log(
    judged
      ? `targets: performance ≥ ${TARGETS.performance}, accessibility ≥ ${TARGETS.accessibility}, best practices ≥ ${TARGETS['best-practices']} (✗ = missed); median of ${runs} run(s), Lighthouse mobile`
      : `scores not judged (--smoke); ${runs} run(s), Lighthouse mobile`,
  );
  // Lighthouse times the main thread for real: a busy machine inflates TBT and lowers performance.
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(`load average ${load.join(' / ')} (1/5/15 min) on ${availableParallelism()} core(s)`);
}

function printScripts(path: string, scripts: Script[]): number {
  const total = scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
  console.log(`\nJavaScript loaded for ${path} until network idle (gzip, zlib default level):`);
  for (const s of [...scripts].sort((a, b) => b.gzipBytes - a.gzipBytes)) {
    console.log(`  ${pad(s.path, 48)}${pad(kB(s.bytes), 12)}${kB(s.gzipBytes)} gzipped`);
  }
  console.log(
    `  total ${kB(total)} gzipped in ${scripts.length} file(s); budget ${kB(JS_BUDGET_BYTES)}${total > JS_BUDGET_BYTES ? ' ✗ OVER' : ' ✓'}`,
  );
  return total;
}

async function main(): Promise<number> {
  const server = await startAppServer();
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    console.log(`web app at ${server.url} (served by the API server)`);
    const pages = (smoke ? PAGES.slice(0, 1) : PAGES).map((p) => ({
      name: p.name,
      path: p.path(server.demo),
    }));
    const first = pages[0]!;
    const { scripts, errors } = await firstPageScripts(`${server.url}${first.path}`);
    chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM_PATH,
      chromeFlags: CHROMIUM_FLAGS,
    });
    const results: PageResult[] = [];
    for (const page of pages) {
      results.push(await measurePage(chrome.port, page.name, page.path, server.url + page.path));
    }
    printPages(results, !smoke);
    const jsTotal = printScripts(first.path, scripts);
    for (const error of errors) console.log(`  console error on ${first.path}: ${error}`);

    const failures: string[] = [];
    if (scripts.length === 0) failures.push(`no JavaScript seen for ${first.path}`);
    if (jsTotal > JS_BUDGET_BYTES) failures.push(`JavaScript over budget: ${kB(jsTotal)}`);
    for (const r of results) {
      if (r.problems.length > 0 || CATEGORIES.some((c) => r.scores[c] === null)) {
        failures.push(`${r.path}: Lighthouse could not score it`);
      }
      if (!smoke && options.check) {
        for (const c of CATEGORIES) {
          const score = r.scores[c];
          if (score !== null && score < TARGETS[c]) {
            failures.push(`${r.path}: ${c} ${score} < ${TARGETS[c]}`);
          }
        }
      }
    }
    const judged = smoke || options.check;
    if (failures.length > 0) {
      console.log(`\n${judged ? 'FAILED' : 'missed (not judged without --check)'}:`);
      for (const f of failures) console.log(`  - ${f}`);
    }
    return judged && failures.length > 0 ? 1 : 0;
  } finally {
    chrome?.kill();
    await server.stop();
  }
}

process.exitCode = await main();
