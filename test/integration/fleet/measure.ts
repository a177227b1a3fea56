/**
 * Fleet measurement (not a test): H `serve --sim M` processes on loopback and one
 * client following all of them (Fleet over the contract). Prints one JSON line:
 * start-up, connect+list, one AT+CSQ broadcast, events and bytes per second the
 * client receives while idle (health polls, status, metrics), client CPU, and 5
 * broadcast rounds. Every host runs on this machine, so on 2 cores the hosts,
 * not the client, set the command rate.
 *   node --import tsx/esm test/integration/fleet/measure.ts 16 64
 */
import { Fleet } from '../../../src-main/core/fleet';
import { startServe, stopAll } from './serve-process';

const H = Number(process.argv[2] ?? 4);
const M = Number(process.argv[3] ?? 64);
const t0 = Date.now();
const hosts = [];
for (let i = 0; i < H; i += 4) {
  hosts.push(...(await Promise.all(Array.from({ length: Math.min(4, H - i) }, (_, k) => startServe(['--sim', String(M), '--seed', String(100 + i + k)], 300_000)))));
}
const startMs = Date.now() - t0;
const fleet = new Fleet(hosts.map((h) => ({ url: h.openUrl })));
let t = Date.now();
const failed = await fleet.connect();
let listing = await fleet.list();
const listMs = Date.now() - t;
let events = 0;
let bytes = 0;
for (const h of fleet.hosts) for (const ch of ['bench.delta', 'bench.status', 'console.entries', 'metrics.update', 'modem.timeline'] as const) h.on(ch, (p) => { events++; bytes += JSON.stringify(p).length; });
t = Date.now();
const res = await Promise.all(listing.modems.map((m) => fleet.host(m.host).invoke('modem.exec', { modemId: m.id, command: 'AT+CSQ' }).then((r) => r.status, (e) => String(e.code))));
const bcastMs = Date.now() - t;
const ok = res.filter((s) => s === 'ok').length;
// Idle following: events for 10 s (health polls, status, metrics)
events = 0; bytes = 0;
const c1 = process.cpuUsage();
const w0 = Date.now();
await new Promise((r) => setTimeout(r, 10_000));
const c2 = process.cpuUsage(c1);
const secs = (Date.now() - w0) / 1000;
// Broadcast storm: 5 rounds of AT+CSQ to all
t = Date.now();
for (let i = 0; i < 5; i++) await Promise.all(listing.modems.map((m) => fleet.host(m.host).invoke('modem.exec', { modemId: m.id, command: 'AT+CSQ' }).catch(() => null)));
const stormMs = Date.now() - t;
listing = await fleet.list();
console.log(JSON.stringify({ hosts: H, perHost: M, modems: listing.modems.length, failedHosts: failed.length, startAllMs: startMs, connectListMs: listMs, broadcastMs: bcastMs, ok, idleEventsPerSec: Math.round(events / secs), idleKBps: Math.round(bytes / secs / 1024), clientCpuPctIdle: Math.round(((c2.user + c2.system) / 1e4) / secs), storm5RoundsMs: stormMs, cmdsPerSecStorm: Math.round((5 * listing.modems.length) / (stormMs / 1000)), clientRssMB: Math.round(process.memoryUsage().rss / 1048576) }));
await fleet.close();
await stopAll();
