/**
 * Probing: which ports of a candidate answer AT, and who the modem is. Ports
 * known to be DIAG or NMEA are never opened (writing to DIAG can upset the
 * modem, and NMEA is a stream nobody asked for). `AT` gets a few short tries:
 * a modem still booting is silent or answers ERROR.
 */
import { sleep } from '../util/sleep';
import { parseIccid, parseImei, parseImsi, parseText } from '../at/parsers/identity';
import type { AtResponse } from '../at/types';
import { AtSession } from '../at/session';
import { CancelledError, abortReason, isBenchError, throwIfAborted } from '../errors';
import type { SerialBinding } from '../serial/binding';
import { PortPool } from '../serial/pool';
import type { PortHandle } from '../serial/port';
import { diagnosePortFailure, noAnswer, type PortDiagnostic } from './diagnostics';
import type { Platform } from './port-info';
import type { CandidateModem, CandidatePort, ModemIdentity, ModemPort, PortRole } from './types';
import { QUECTEL_VID } from './usb-ids';

export interface ProbeOptions {
  /**
   * Wait for each answer (ms), counted from the end of the write.
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * Tries of `AT` per port before giving up on it.
   * @default 3
   */
  attempts?: number;
  /**
   * Pause between tries (ms).
   * @default 500
   */
  retryDelayMs?: number;
  /**
   * Ports open at once, over all candidates.
   * @default 32
   */
  concurrency?: number;
  /**
   * Read IMEI, model, revision, ICCID and IMSI once a port answers.
   * @default true
   */
  readIdentity?: boolean;
  /**
   * Probe ports whose role is unknown (other vendors, unknown layouts). Off: only known AT ports.
   * @default true
   */
  probeUnknown?: boolean;
  /**
   * Opens ports through this pool, so ports the bench holds come back as busy instead of being fought over.
   * @default a private pool over the binding, closed after probing
   */
  pool?: PortPool;
  /**
   * For the diagnostics' wording and the holder lookup.
   * @default process.platform
   */
  platform?: Platform;
  /**
   * Linux: look up which process holds a busy port (under `procRoot`).
   * @default true
   */
  lookupHolders?: boolean;
  /**
   * Where procfs is mounted.
   * @default '/proc'
   */
  procRoot?: string;
  signal?: AbortSignal;
}

type Resolved = Required<Omit<ProbeOptions, 'pool' | 'signal' | 'procRoot'>> & { procRoot: string | undefined; signal: AbortSignal | undefined };

/** What became of one port. */
export type PortProbeStatus =
  /** Answered `AT` with OK. */
  | 'answered'
  /** DIAG, NMEA or QMI: never opened. */
  | 'skipped'
  /** Not needed: another port of the modem answered first. */
  | 'not-needed'
  /** Could not be used: see its diagnostic. */
  | 'unusable';

export interface PortProbe {
  path: string;
  interface: number | null;
  /** The role after probing: `unknown` ports that answered become `at` (or `at-secondary`). */
  role: PortRole;
  status: PortProbeStatus;
  diagnostic: PortDiagnostic | null;
}

export interface ProbeResult {
  candidate: CandidateModem;
  /** The AT port the modem is used through, or null. */
  atPath: string | null;
  /** The ports with their roles after probing, for `ModemSet.add`. */
  ports: ModemPort[];
  identity: ModemIdentity | null;
  probes: PortProbe[];
  /** The port-level diagnostics (also in `probes`). */
  diagnostics: PortDiagnostic[];
}

const NEVER_OPEN: ReadonlySet<PortRole> = new Set(['diag', 'nmea', 'qmi']);

function resolveOptions(options: ProbeOptions): Resolved {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const {
    timeoutMs = 1000,
    attempts = 3,
    retryDelayMs = 500,
    concurrency = 32,
    readIdentity = true,
    probeUnknown = true,
    platform = process.platform,
    lookupHolders = true,
    procRoot,
    signal,
  } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError(`attempts must be an integer >= 1, got ${attempts}`);
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) throw new TypeError(`retryDelayMs must be >= 0, got ${retryDelayMs}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  if (typeof readIdentity !== 'boolean') throw new TypeError('readIdentity must be a boolean');
  if (typeof probeUnknown !== 'boolean') throw new TypeError('probeUnknown must be a boolean');
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  return { timeoutMs, attempts, retryDelayMs, concurrency, readIdentity, probeUnknown, platform, lookupHolders, procRoot, signal };
}

/** A counting semaphore whose waits give up when the signal fires. */
class Gate {
  #free: number;
  readonly #waiters: (() => void)[] = [];
  constructor(n: number) {
    this.#free = n;
  }
  async run<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else {
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', stop);
          resolve();
        };
        const stop = (): void => {
          const i = this.#waiters.indexOf(go);
          if (i >= 0) this.#waiters.splice(i, 1);
          reject(new CancelledError(abortReason(signal!)));
        };
        if (signal?.aborted) return stop();
        signal?.addEventListener('abort', stop, { once: true });
        this.#waiters.push(go);
      });
    }
    try {
      return await fn();
    } finally {
      const next = this.#waiters.shift();
      if (next) next();
      else this.#free++;
    }
  }
}


const isCancel = (e: unknown): boolean => isBenchError(e) && e.code === 'cancelled';

type AtCheck = { ok: true; handle: PortHandle; session: AtSession } | { ok: false; diagnostic: PortDiagnostic };

interface Ctx {
  pool: PortPool;
  gate: Gate;
  o: Resolved;
}

/**
 * Opens one port and asks `AT` up to `attempts` times. On success the port
 * stays open (the caller reads the identity, then releases it).
 */
async function checkAt(ctx: Ctx, port: CandidatePort): Promise<AtCheck> {
  const { pool, o } = ctx;
  const diagCtx = { platform: o.platform, role: port.role, interface: port.interface, lookupHolders: o.lookupHolders, procRoot: o.procRoot, signal: o.signal };
  let handle: PortHandle;
  try {
    handle = await pool.open(port.path, { signal: o.signal, recordTranscript: false });
  } catch (err) {
    if (isCancel(err)) throw err;
    return { ok: false, diagnostic: await diagnosePortFailure(port.path, err, diagCtx) };
  }
  // One sentinel per resync: the probe's own tries and delays are the patience budget here.
  const session = new AtSession(handle, { resyncTimeoutMs: o.timeoutMs, resyncAttempts: 1 });
  const started = Date.now();
  let answeredError = false;
  let failure: unknown = null;
  try {
    for (let i = 0; i < o.attempts; i++) {
      if (i > 0) await sleep(o.retryDelayMs, o.signal);
      try {
        const r = await session.exec('AT', { timeoutMs: o.timeoutMs, signal: o.signal });
        if (r.final.success) return { ok: true, handle, session };
        answeredError = true; // boot-time ERROR: alive, not ready
      } catch (err) {
        if (isCancel(err)) throw err;
        const code = isBenchError(err) ? err.code : null;
        // Timeouts and a failed resync mean silence; anything else (gone, closed) ends the tries.
        if (code !== 'timeout' && code !== 'protocol-error') {
          failure = err;
          break;
        }
      }
    }
  } catch (err) {
    session.dispose();
    await pool.release(handle);
    throw err;
  }
  session.dispose();
  await pool.release(handle);
  if (failure !== null) return { ok: false, diagnostic: await diagnosePortFailure(port.path, failure, diagCtx) };
  return {
    ok: false,
    diagnostic: noAnswer(port.path, { platform: o.platform, role: port.role, interface: port.interface }, {
      attempts: o.attempts,
      waitedMs: Date.now() - started,
      answeredError,
    }),
  };
}

/** The base revision from AT+QGMR's full one: `EC25EUXGAR08A15M1G_20.200.20.200` -> `EC25EUXGAR08A15M1G`. */
function baseRevision(full: string | null): string | null {
  if (!full) return null;
  const i = full.indexOf('_');
  return i > 0 ? full.slice(0, i) : full;
}

async function readIdentity(session: AtSession, candidate: CandidateModem, o: Resolved): Promise<ModemIdentity> {
  const ask = async (cmd: string): Promise<readonly string[] | null> => {
    try {
      const r: AtResponse = await session.exec(cmd, { timeoutMs: o.timeoutMs, signal: o.signal });
      return r.final.success ? r.lines : null;
    } catch (err) {
      if (isCancel(err) || (isBenchError(err) && (err.code === 'disconnected' || err.code === 'port-closed'))) throw err;
      return null; // a timeout leaves the field empty; the session resyncs before the next command
    }
  };
  const quectel = candidate.vendorId === QUECTEL_VID;
  const text = (lines: readonly string[] | null, type: 'manufacturer' | 'model' | 'revision', prefixes: string[]): string | null =>
    lines ? (parseText(type, lines, prefixes)?.value ?? null) : null;
  const imeiLines = await ask('AT+CGSN');
  const manufacturer = quectel ? 'Quectel' : text(await ask('AT+CGMI'), 'manufacturer', ['+CGMI', '+GMI']);
  const model = text(await ask('AT+CGMM'), 'model', ['+CGMM', '+GMM']);
  let revision = quectel ? text(await ask('AT+QGMR'), 'revision', ['+QGMR']) : null;
  const firmware = revision ? baseRevision(revision) : text(await ask('AT+CGMR'), 'revision', ['+CGMR', '+GMR']);
  if (!quectel) revision = null;
  const iccidLines = await ask(quectel ? 'AT+QCCID' : 'AT+CCID');
  const imsiLines = await ask('AT+CIMI');
  return {
    imei: imeiLines ? (parseImei(imeiLines)?.imei ?? null) : null,
    manufacturer,
    model,
    firmware,
    revision,
    iccid: iccidLines ? (parseIccid(iccidLines)?.iccid ?? null) : null,
    imsi: imsiLines ? (parseImsi(imsiLines)?.imsi ?? null) : null,
  };
}

async function release(ctx: Ctx, r: { handle: PortHandle; session: AtSession }): Promise<void> {
  r.session.dispose();
  await ctx.pool.release(r.handle);
}

async function probeOne(ctx: Ctx, candidate: CandidateModem): Promise<ProbeResult> {
  const { o } = ctx;
  const probes = new Map<string, PortProbe>();
  for (const p of candidate.ports) {
    const skip = NEVER_OPEN.has(p.role) || candidate.composition === 'bootloader' || (p.role === 'unknown' && !o.probeUnknown);
    probes.set(p.path, { path: p.path, interface: p.interface, role: p.role, status: skip ? 'skipped' : 'not-needed', diagnostic: null });
  }
  const stages: CandidatePort[][] = [
    candidate.ports.filter((p) => p.role === 'at'),
    candidate.ports.filter((p) => p.role === 'at-secondary'),
    o.probeUnknown ? candidate.ports.filter((p) => p.role === 'unknown') : [],
  ];
  if (candidate.composition === 'bootloader') stages.length = 0;

  let winner: { port: CandidatePort; session: AtSession; handle: PortHandle } | null = null;
  const answeredUnknown: CandidatePort[] = [];
  for (const stage of stages) {
    if (winner || stage.length === 0) continue;
    const settled = await Promise.allSettled(stage.map((p) => ctx.gate.run(o.signal, () => checkAt(ctx, p)).then((r) => ({ p, r }))));
    const rejected = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (rejected) {
      // Cancelled: close what did open before giving up.
      for (const x of settled) if (x.status === 'fulfilled' && x.value.r.ok) await release(ctx, x.value.r);
      throw rejected.reason;
    }
    for (const x of settled) {
      const { p, r } = (x as PromiseFulfilledResult<{ p: CandidatePort; r: AtCheck }>).value;
      const probe = probes.get(p.path)!;
      if (!r.ok) {
        probe.status = 'unusable';
        probe.diagnostic = r.diagnostic;
        continue;
      }
      probe.status = 'answered';
      if (p.role === 'unknown') answeredUnknown.push(p);
      if (!winner) winner = { port: p, session: r.session, handle: r.handle };
      else await release(ctx, r);
    }
  }

  let identity: ModemIdentity | null = null;
  if (winner) {
    const held = winner;
    try {
      if (o.readIdentity) identity = await readIdentity(held.session, candidate, o);
    } catch (err) {
      if (isCancel(err)) throw err;
      // Gone while we read it (reset, unplug): not usable now; the watcher sees it come back.
      const probe = probes.get(held.port.path)!;
      probe.status = 'unusable';
      probe.diagnostic = await diagnosePortFailure(held.port.path, err, {
        platform: o.platform,
        role: held.port.role,
        interface: held.port.interface,
        lookupHolders: false,
      });
      winner = null;
    } finally {
      await release(ctx, held);
    }
  }
  // Unknown ports that answered AT: the first (lowest interface) is the AT port, the others secondary.
  for (const p of answeredUnknown) probes.get(p.path)!.role = p === winner?.port ? 'at' : 'at-secondary';
  const list = candidate.ports.map((p) => probes.get(p.path)!);
  // A modem used through its secondary port: that port becomes its `at` port for the bench.
  const atPath = winner?.port.path ?? null;
  const ports: ModemPort[] = list.map((p) => ({
    path: p.path,
    interface: p.interface,
    role: p.path === atPath ? 'at' : p.role === 'at' && atPath !== null ? 'at-secondary' : p.role,
  }));
  return {
    candidate,
    atPath,
    ports,
    identity,
    probes: list,
    diagnostics: list.flatMap((p) => (p.diagnostic ? [p.diagnostic] : [])),
  };
}

/**
 * Probes candidates in parallel (at most `concurrency` ports open at once).
 * Known AT ports first; the secondary AT port only if the primary fails;
 * unknown ports only if neither exists or answers.
 */
export async function probeCandidates(binding: SerialBinding, candidates: readonly CandidateModem[], options: ProbeOptions = {}): Promise<ProbeResult[]> {
  const o = resolveOptions(options);
  if (!options.pool && typeof binding?.open !== 'function') throw new TypeError('binding must implement open()');
  throwIfAborted(o.signal);
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new PortPool({ binding });
  const ctx: Ctx = { pool, gate: new Gate(o.concurrency), o };
  try {
    const settled = await Promise.allSettled(candidates.map((c) => probeOne(ctx, c)));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<ProbeResult>).value);
  } finally {
    if (ownPool) await pool.close();
  }
}
