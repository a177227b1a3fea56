/**
 * `modem-bench run --remote URL`: the modems of other bench hosts as run
 * targets (core/fleet/run-targets). A host that cannot be reached is
 * reported and left out; the others run.
 */
import type { RunTarget } from '../../core/batch';
import { remoteRunTargets } from '../../core/fleet';
import type { CliIo } from '../cli-util';
import { openFleet } from '../targets';

export async function openRemoteRun(
  urls: string[],
  tokens: string[],
  io: CliIo,
  caFile?: string,
): Promise<{ targets: RunTarget[]; failed: { label: string; message: string }[]; close(): Promise<void> }> {
  const failed: { label: string; message: string }[] = [];
  // A host that goes away mid-run is reconnected: its modems pick up their step when it is back.
  const fleet = await openFleet(urls, tokens, (host, err) => failed.push({ label: host, message: err.message }), caFile, { rejoin: { minMs: 1000, maxMs: 10_000 } });
  const listing = await fleet.list();
  for (const u of listing.unreachable) if (!failed.some((f) => f.label === u.host)) failed.push({ label: u.host, message: u.message });
  const usable = listing.modems.filter((m) => m.modem.state !== 'offline' && m.modem.state !== 'failed' && m.modem.identity.imei !== null);
  for (const m of listing.modems) if (!usable.includes(m)) io.err(`${m.key}: ${m.modem.state}${m.modem.reason ? ` (${m.modem.reason})` : ''}: left out of the run`);
  // Said once per modem: the runner asks again every unavailable_delay while it waits for the host.
  const told = new Set<string>();
  const targets = remoteRunTargets(fleet, usable, (key, err) => {
    if (told.has(key)) return;
    told.add(key);
    io.err(`${key}: ${err.message}; waiting for its host (the step is sent again when it is back, else the run stops there and can be resumed)`);
  });
  return { targets, failed, close: () => fleet.close() };
}
