/**
 * Fleet measurement (not a test), the app's side: H `serve --sim M` processes on
 * loopback followed by one AppService (the desktop app's core, as the Benches page
 * adds hosts). Prints one JSON line: time until every remote modem is a row; events
 * and bytes a second while idle, both all the app emits and what a window with no
 * console open gets (the renderer subscribes to the consoles it shows, so console
 * lines of other modems are not sent to it); the app's CPU and event-loop delay,
 * one AT+CSQ broadcast to every modem through the app, and the status bar's
 * fleet figures. Every host runs on this machine, so on 2 cores the hosts share
 * the CPU with the app.
 *   node --import tsx/esm test/integration/fleet/measure-app.ts 16 64
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { AppService } from '../../../src-main/core/service';
import { startServe, stopAll } from './serve-process';

const H = Number(process.argv[2] ?? 4);
const M = Number(process.argv[3] ?? 64);
const dir = mkdtempSync(join(tmpdir(), 'mb-measure-app-'));
const app = new AppService({ version: 'measure', dataDir: dir, logDir: dir, logFile: null, logger: pino({ level: 'silent' }) });
// Whatever fails, every serve started here is ended.
try {
  const hosts = [];
  for (let i = 0; i < H; i += 4) {
    hosts.push(...(await Promise.all(Array.from({ length: Math.min(4, H - i) }, (_, k) => startServe(['--sim', String(M), '--seed', String(200 + i + k)], 300_000)))));
  }
  await app.start();
  let events = 0;
  let bytes = 0;
  let windowEvents = 0;
  let windowBytes = 0;
  app.events.on((e) => {
    const size = JSON.stringify(e.payload).length;
    events++;
    bytes += size;
    if (e.channel === 'console.entries') return;
    windowEvents++;
    windowBytes += size;
  });
  let t = Date.now();
  for (const h of hosts) app.benches.add({ url: h.openUrl });
  const remoteRows = (): number => app.list().modems.filter((m) => m.host !== undefined && m.state !== 'offline').length;
  while (remoteRows() < H * M && Date.now() - t < 300_000) await new Promise((r) => setTimeout(r, 50));
  const joinMs = Date.now() - t;
  const rows = remoteRows();

  // Idle following for 20 s: what the window gets, what it costs the app.
  await new Promise((r) => setTimeout(r, 3000));
  events = 0;
  bytes = 0;
  windowEvents = 0;
  windowBytes = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const c1 = process.cpuUsage();
  const w0 = Date.now();
  await new Promise((r) => setTimeout(r, 20_000));
  const c2 = process.cpuUsage(c1);
  loop.disable();
  const secs = (Date.now() - w0) / 1000;
  const idle = {
    eventsPerSec: Math.round(events / secs),
    kBps: Math.round(bytes / secs / 1024),
    windowEventsPerSec: Math.round(windowEvents / secs),
    windowKBps: Math.round(windowBytes / secs / 1024),
    cpuPct: Math.round((c2.user + c2.system) / 1e4 / secs),
    loopP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
  };
  const status = app.status();

  t = Date.now();
  const ids = app.list().modems.filter((m) => m.host !== undefined).map((m) => m.id);
  const { results } = await app.broadcast(ids, 'AT+CSQ');
  const broadcastMs = Date.now() - t;
  console.log(
    JSON.stringify({
      hosts: H,
      perHost: M,
      rows,
      joinMs,
      idle,
      statusBar: { modemsOnline: status.modemsOnline, modemsTotal: status.modemsTotal, commandsPerSec: status.commandsPerSec, hostsCounted: status.fleet?.counted.length ?? 0 },
      broadcastMs,
      broadcastOk: results.filter((r) => r.status === 'ok').length,
      appRssMB: Math.round(process.memoryUsage().rss / 1048576),
    }),
  );
} finally {
  await app.stop();
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
