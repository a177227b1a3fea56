/**
 * Opens the modems a CLI command works on: simulated ones (in-process
 * binding) or remote benches. Local modems come up through `setUpModems` (setup.ts).
 */
import type { ModemSet, Modem } from '../core/modem';
import type { SessionOptions } from '../core/at/session';
import type { ModemSimulator } from '../core/sim';
import { UsageError } from './cli-util';
import { Fleet, type FleetOptions, parseRemote } from '../core/fleet';
import { readFileSync } from 'node:fs';
import { type SetUpModems, type SimSourceOptions, setUpModems, simSource } from './setup';

export interface Targets {
  bench: ModemSet;
  modems: Modem[];
  /** Modems that could not be opened, with why (the others still run). */
  failed: { label: string; path: string; error: unknown }[];
  sim: ModemSimulator | null;
  close(): Promise<void>;
}

export interface SimTargetOptions extends SimSourceOptions {
  session?: SessionOptions;
}

/** Simulated modems, opened only (no init, no identity): the caller talks to them itself. */
export async function openSimTargets(o: SimTargetOptions): Promise<Targets> {
  return targets(await setUpModems(await simSource(o), { init: false, identity: false, ...(o.session ? { session: o.session } : {}) }));
}

function targets(s: SetUpModems): Targets {
  return { bench: s.bench, modems: s.modems.map((m) => m.modem), failed: s.failed, sim: s.sim, close: s.close };
}

/**
 * The remote benches of `--remote URL` (repeatable) with `--remote-token T`: one token for
 * every URL without its own, or one per URL in order. Connected; a host that fails is reported
 * through `onFailed` and left out (the others still work).
 */
export async function openFleet(urls: string[], tokens: string[], onFailed: (host: string, err: Error) => void, caFile?: string, options: FleetOptions = {}): Promise<Fleet> {
  if (tokens.length > 1 && tokens.length !== urls.length) throw new UsageError(`--remote-token: give one for all remotes or one per --remote (${urls.length})`);
  let ca: Buffer | undefined;
  try {
    ca = caFile === undefined ? undefined : readFileSync(caFile);
  } catch (err) {
    throw new UsageError(`--remote-ca: ${(err as Error).message}`);
  }
  let fleet: Fleet;
  try {
    fleet = new Fleet(
      urls.map((url, i) => ({ url, ...(ca ? { ca } : {}), token: tokens.length === 0 ? null : tokens.length === 1 ? (parseRemote(url).token ?? tokens[0]) : tokens[i] })),
      options,
    );
  } catch (err) {
    throw new UsageError(`--remote: ${(err as Error).message}`);
  }
  for (const f of await fleet.connect()) onFailed(f.host, f.error);
  return fleet;
}
