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
): Promise<{ targets: RunTarget[]; failed: { label: string; message: string }[]; close(): Promise<void>; onLost(listener: (key: string) => void): void }> {
  const failed: { label: string; message: string }[] = [];
  const fleet = await openFleet(urls, tokens, (host, err) => failed.push({ label: host, message: err.message }), caFile);
  const listing = await fleet.list();
  for (const u of listing.unreachable) if (!failed.some((f) => f.label === u.host)) failed.push({ label: u.host, message: u.message });
  const usable = listing.modems.filter((m) => m.modem.state !== 'offline' && m.modem.state !== 'failed' && m.modem.identity.imei !== null);
  for (const m of listing.modems) if (!usable.includes(m)) io.err(`${m.key}: ${m.modem.state}${m.modem.reason ? ` (${m.modem.reason})` : ''}: left out of the run`);
  const listeners: ((key: string) => void)[] = [];
  const targets = remoteRunTargets(fleet, usable, (key, err) => {
    io.err(`${key}: ${err.message}; its run stops at this step and can be resumed`);
    for (const l of listeners) l(key);
  });
  return { targets, failed, close: () => fleet.close(), onLost: (l) => void listeners.push(l) };
}
