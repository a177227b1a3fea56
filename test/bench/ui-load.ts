/**
 * `npm run bench:ui`: the UI under load. Starts `modem-bench serve --sim 64`
 * as a child, opens the performance page in Debian's Chromium, and for 60 s drives
 * broadcasts to all 64 modems over the contract's WebSocket (wire.ts framing)
 * while it counts frames (requestAnimationFrame), long tasks over 100 ms
 * (PerformanceObserver 'longtask'), the renderer's heap (CDP) and what its
 * WebSocket receives (CDP frames: bytes per second and per command, console
 * lines apart). Prints one JSON object.
 *
 * node --import tsx/esm test/bench/ui-load.ts [--seconds 60] [--modems 64]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import type { ClientMessage, Result, ServerMessage } from '../../src-preload/contract';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SECONDS = opt('seconds', 60);
const MODEMS = opt('modems', 64);
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

/** Runs in the page before its own scripts: frame and long-task counters. */
const PROBE = `
(() => {
  const w = window;
  w.__mb = { frames: [], longTasks: [], start: 0 };
  let count = 0, last = performance.now();
  const frame = (t) => {
    count++;
    if (t - last >= 1000) { w.__mb.frames.push(count * 1000 / (t - last)); count = 0; last = t; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__mb.longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;

async function main(): Promise<void> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-ui-load-'));
  const base = `http://127.0.0.1:${port}/`;
  const server = spawn(
    process.execPath,
    ['src-main/headless/bin.mjs', 'serve', '--sim', String(MODEMS), '--port', String(port), '--data-dir', path.join(dir, 'data'), '--log-dir', path.join(dir, 'log')],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let api: Api | null = null;
  try {
    await waitHttp(base, 180_000); // the first run may build the UI
    api = await openApi(base);
    // Wait until every modem is announced (identity read).
    let ids: string[] = [];
    const deadline = Date.now() + 60_000;
    while (ids.length < MODEMS) {
      const r = await api.invoke<{ modems: { id: string }[] }>('bench.list', {});
      if (r.ok) ids = r.value.modems.map((m) => m.id);
      if (Date.now() > deadline) throw new Error(`only ${ids.length} of ${MODEMS} modems came up`);
      if (ids.length < MODEMS) await new Promise((r) => setTimeout(r, 250));
    }

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.addInitScript(PROBE);
    await page.goto(base);
    await page.waitForLoadState('networkidle');
    // The performance page: charts and the heatmap redraw while 64 modems stream.
    await page.getByTestId('rail-performance').click();
    await page.getByTestId('performance-view').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const heap = async (gc: boolean): Promise<number> => {
      if (gc) await cdp.send('HeapProfiler.collectGarbage');
      const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return Math.round((h.usedSize / 1048576) * 100) / 100;
    };
    // What the page's WebSocket receives while the load runs (events and results).
    await cdp.send('Network.enable');
    const ws = { frames: 0, bytes: 0, consoleBytes: 0, counting: false };
    cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => {
      if (!ws.counting) return;
      const data = e.response.payloadData;
      ws.frames++;
      ws.bytes += data.length;
      if (data.startsWith('{"t":"event","channel":"console.entries"')) ws.consoleBytes += data.length;
    });
    const heapStart = await heap(true);
    await page.evaluate(() => {
      const w = (globalThis as unknown as { window: unknown }).window as unknown as { __mb: { frames: number[]; longTasks: unknown[]; start: number } };
      w.__mb.frames = [];
      w.__mb.longTasks = [];
      w.__mb.start = performance.now();
    });

    // Load: two broadcast loops back to back over all modems, for SECONDS.
    ws.counting = true;
    const end = Date.now() + SECONDS * 1000;
    let broadcasts = 0;
    let commands = 0;
    let failures = 0;
    await Promise.all(
      [0, 1].map(async (lane) => {
        let k = lane;
        while (Date.now() < end) {
          const command = COMMANDS[k++ % COMMANDS.length]!;
          const r = await api!.invoke<{ results: unknown[] }>('broadcast.exec', { modemIds: ids, command });
          broadcasts++;
          if (r.ok) commands += r.value.results.length;
          else failures++;
        }
      }),
    );

    ws.counting = false;
    const probe = await page.evaluate(() => {
      const w = (globalThis as unknown as { window: unknown }).window as unknown as { __mb: { frames: number[]; longTasks: { start: number; duration: number }[]; start: number } };
      return { frames: w.__mb.frames, longTasks: w.__mb.longTasks.filter((t) => t.start >= w.__mb.start) };
    });
    const heapEnd = await heap(false);
    const heapEndAfterGc = await heap(true);
    const sorted = [...probe.frames].sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null;
    const over100 = probe.longTasks.filter((t) => t.duration > 100);
    const result = {
      page: 'performance',
      modems: MODEMS,
      seconds: SECONDS,
      load: { broadcasts, commands, commandsPerSec: Math.round(commands / SECONDS), failures },
      fps: {
        median: median === null ? null : Math.round(median * 10) / 10,
        min: sorted.length ? Math.round(sorted[0]! * 10) / 10 : null,
        p10: sorted.length ? Math.round(sorted[Math.floor(sorted.length * 0.1)]! * 10) / 10 : null,
        samples: sorted.length,
      },
      longTasks: {
        over100ms: over100.length,
        over50ms: probe.longTasks.length,
        maxMs: probe.longTasks.reduce((m, t) => Math.max(m, t.duration), 0),
        totalOver100Ms: over100.reduce((n, t) => n + t.duration, 0),
      },
      rendererHeapMB: { start: heapStart, end: heapEnd, endAfterGc: heapEndAfterGc },
      webSocketReceived: {
        framesPerSec: Math.round(ws.frames / SECONDS),
        kBPerSec: Math.round(ws.bytes / SECONDS / 102.4) / 10,
        bytesPerCommand: commands ? Math.round(ws.bytes / commands) : null,
        consoleBytesPerCommand: commands ? Math.round(ws.consoleBytes / commands) : null,
      },
      chromium: browser.version(),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    api?.close();
    await browser.close();
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
