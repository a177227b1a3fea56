/**
 * `npm run bench:ui`: the UI under load. Starts `modem-bench serve --sim N`
 * as a child, opens three pages of it in Debian's Chromium (the Bench, a
 * console of the first modem, the Performance page: each its own tab, as an
 * engineer keeps them side by side), and for 60 s drives broadcasts to all
 * modems over the contract's WebSocket (wire.ts framing) while it counts, in
 * every page, frames (requestAnimationFrame), long tasks (PerformanceObserver
 * 'longtask', 50 ms and more), the heap after a forced GC (CDP
 * HeapProfiler.collectGarbage) and what its WebSocket receives (CDP frames).
 * The headline is the worst page's fps, the longest task anywhere, and heaps
 * and bytes summed over the pages; `pages` has each page's own figures.
 *
 * node --import tsx/esm test/perf/ui-load.ts [--json] [--seconds 60] [--modems 64]
 *   [--pages bench,console,performance] [--profile DIR (CPU profile per page)]
 *   [--heap-every S (also the heap after GC every S seconds of the load, per page: is it flat?)]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import WebSocket from 'ws';
import type { ClientMessage, Result, ServerMessage } from '../../src-preload/contract';
import { PROBE, WatchedPage, combine } from './ui-pages';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const str = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const opt = (name: string, dflt: number): number => {
  const v = str(name);
  const n = v === undefined ? dflt : Number(v);
  if (!(Number.isInteger(n) && n > 0)) throw new TypeError(`--${name} must be a positive integer, got ${v}`);
  return n;
};
const SECONDS = opt('seconds', 60);
const MODEMS = opt('modems', 64);
const JSON_OUT = argv.includes('--json');
const PROFILE_DIR = str('profile') ?? null;
const HEAP_EVERY_S = str('heap-every') === undefined ? 0 : opt('heap-every', 0);
const PAGE_KINDS = ['bench', 'console', 'performance'] as const;
type PageKind = (typeof PAGE_KINDS)[number];
const PAGES = (str('pages') ?? PAGE_KINDS.join(',')).split(',').map((p) => {
  if (!(PAGE_KINDS as readonly string[]).includes(p)) throw new TypeError(`--pages: unknown page ${p} (${PAGE_KINDS.join(', ')})`);
  return p as PageKind;
});
const COMMANDS = ['AT+CSQ', 'ATI', 'AT+QENG="servingcell"', 'AT+CEREG?', 'AT+QTEMP', 'AT+COPS?'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Api {
  invoke<T>(channel: string, input: unknown): Promise<Result<T>>;
  close(): void;
}

function openApi(base: string): Promise<Api> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws').replace(/\/$/, '')}/api`);
    let nextId = 1;
    const pending = new Map<number, (r: Result<unknown>) => void>();
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage;
      if (m.t === 'result') {
        pending.get(m.id)?.(m.result);
        pending.delete(m.id);
      }
    });
    ws.once('error', reject);
    ws.once('open', () => {
      // Not 'ready': this socket only invokes, it does not want the event stream.
      resolve({
        invoke<T>(channel: string, input: unknown) {
          const id = nextId++;
          const msg: ClientMessage = { t: 'invoke', id, channel, input };
          return new Promise<Result<T>>((res) => {
            pending.set(id, res as (r: Result<unknown>) => void);
            ws.send(JSON.stringify(msg));
          });
        },
        close: () => ws.close(),
      });
    });
  });
}

/** Opens one page of the app on `kind` and attaches the meters. */
async function openPage(browser: Browser, base: string, kind: PageKind): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.addInitScript(PROBE);
  await page.goto(base);
  await page.getByTestId('bench-row').first().waitFor();
  if (kind === 'console') {
    // The first modem's console: its lines stream while the broadcasts run.
    await page.getByTestId('bench-row').first().click();
    await page.getByTestId('toolbar-open-consoles').click();
    await page.getByTestId('console-pane').first().waitFor();
  } else if (kind === 'performance') {
    await page.getByTestId('rail-performance').click();
    await page.getByTestId('performance-view').waitFor();
  }
  return WatchedPage.attach(kind, page);
}

async function main(): Promise<void> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-ui-load-'));
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn(
    process.execPath,
    ['src-main/headless/bin.mjs', 'serve', '--sim', String(MODEMS), '--port', String(port), '--data-dir', path.join(dir, 'data'), '--log-dir', path.join(dir, 'log')],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  let browser: Browser | null = null;
  let api: Api | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await waitHttp(base, 180_000); // the first run may build the UI
    api = await openApi(base);
    // Wait until every modem is announced (identity read).
    let ids: string[] = [];
    const deadline = Date.now() + 120_000;
    while (ids.length < MODEMS) {
      const r = await api.invoke<{ modems: { id: string }[] }>('bench.list', {});
      if (r.ok) ids = r.value.modems.map((m) => m.id);
      if (Date.now() > deadline) throw new Error(`only ${ids.length} of ${MODEMS} modems came up`);
      if (ids.length < MODEMS) await new Promise((r) => setTimeout(r, 250));
    }

    const pages: WatchedPage[] = [];
    for (const kind of PAGES) pages.push(await openPage(browser, base, kind));
    for (const p of pages) await p.begin(PROFILE_DIR !== null);

    // Load: two broadcast loops back to back over all modems, for SECONDS.
    const t0 = Date.now();
    const end = t0 + SECONDS * 1000;
    let broadcasts = 0;
    let commands = 0;
    let failures = 0;
    const failureCodes: Record<string, number> = {};
    // Heap after GC along the way (a forced GC in each page: its pause shows as a task of its own).
    const heapCurve: { atS: number; totalMB: number; byPage: number[] }[] = [];
    const sampler = (async () => {
      if (HEAP_EVERY_S <= 0) return;
      for (let k = 1; t0 + k * HEAP_EVERY_S * 1000 < end; k++) {
        await new Promise((res) => setTimeout(res, Math.max(0, t0 + k * HEAP_EVERY_S * 1000 - Date.now())));
        const byPage: number[] = [];
        for (const p of pages) byPage.push(await p.heapMB(true));
        heapCurve.push({ atS: Math.round((Date.now() - t0) / 1000), totalMB: Math.round(byPage.reduce((a, b) => a + b, 0) * 100) / 100, byPage });
      }
    })();
    await Promise.all(
      [0, 1].map(async (lane) => {
        let k = lane;
        while (Date.now() < end) {
          const command = COMMANDS[k++ % COMMANDS.length]!;
          const r = await api!.invoke<{ results: unknown[] }>('broadcast.exec', { modemIds: ids, command });
          broadcasts++;
          if (r.ok) commands += r.value.results.length;
          else {
            failures++;
            failureCodes[r.error.code] = (failureCodes[r.error.code] ?? 0) + 1;
            // Refused at once (queue-full at 256 modems with both lanes queued): not a hot loop against the server.
            await new Promise((res) => setTimeout(res, 50));
          }
        }
      }),
    );
    await sampler;
    const seconds = (Date.now() - t0) / 1000;

    const figures = [];
    for (const p of pages) figures.push(await p.end(PROFILE_DIR));
    const all = combine(figures);
    const result = {
      ...all,
      modems: MODEMS,
      seconds: SECONDS,
      load: { broadcasts, commands, commandsPerSec: Math.round(commands / seconds), failures, failureCodes },
      pages: figures,
      ...(HEAP_EVERY_S > 0 ? { heapCurve } : {}),
      chromium: browser.version(),
      cpus: os.cpus().length,
      loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    };
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const out = (s: string): boolean => process.stdout.write(`${s}\n`);
      out(`UI under load: ${MODEMS} modems, ${result.load.commandsPerSec} cmd/s for ${SECONDS} s, pages ${PAGES.join(', ')}`);
      out(`fps median ${all.fpsMedian} (min ${all.fpsMin}) · longest task ${all.longestTaskMs} ms · long tasks > 50 ms ${all.longTasksOver50ms}`);
      out(`heap after GC ${all.heapStartMB} -> ${all.heapEndMB} MB · WebSocket ${all.wsKBps} kB/s`);
      for (const f of figures) out(`  ${f.name}: fps ${f.fpsMedian} (min ${f.fpsMin}), longest ${f.longestTaskMs} ms, main thread ${f.mainThreadPct.task} % busy, heap ${f.heapStartMB} -> ${f.heapEndMB} MB, ws ${f.wsKBps} kB/s`);
    }
  } finally {
    api?.close();
    await browser?.close();
    server.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        server.kill('SIGKILL');
        r(undefined);
      }, 5000);
      server.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
