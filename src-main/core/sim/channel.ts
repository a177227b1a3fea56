/**
 * One AT port of a modem: line assembly, echo, strict in-order answering,
 * latency, chunking, URC interleaving and the per-command faults. The settings
 * (E, V, CMEE) survive a USB glitch and are reset by a reboot or ATZ.
 */
import type { SimEndpoint } from './endpoint';
import type { ModemFaults, PerCommandFault } from './faults';
import type { LatencyClass, ResolvedBenchOptions } from './options';
import type { Rng } from './prng';
import { replySegments, urcText, type Reply } from './wire';

/** What a channel needs from its modem. */
export interface ChannelHost {
  readonly options: ResolvedBenchOptions;
  readonly faults: ModemFaults;
  readonly rngLatency: Rng;
  readonly rngChunks: Rng;
  readonly rngFaults: Rng;
  /** `silent` drops input (booting, bricked); `stuck` echoes only; `ready` answers. */
  mode(): 'ready' | 'stuck' | 'silent';
  execute(channel: AtChannel, line: string): Reply;
  /** The text typed after the `> ` prompt; null when the host cancelled with ESC. */
  smsBody(channel: AtChannel, body: string | null): Reply;
  becomeStuck(): void;
  /** A fault forced on the next command (tests, the UI's fault buttons), or null. */
  takeForcedFault(): PerCommandFault | null;
  /** False while the fault plan is switched off. */
  readonly faultsEnabled: boolean;
  /** Whether this line is the reset that still works when stuck (AT+CFUN=1,1). */
  isResetCommand(line: string): boolean;
}

/** Unprocessed input beyond this is dropped, like a full UART FIFO. */
const MAX_INPUT = 8192;
const CME_FAULT_CODES = [3, 4, 14, 30, 100];

export class AtChannel {
  echo = true;
  verbose = true;
  cmee: 0 | 1 | 2;
  #endpoint: SimEndpoint | null = null;
  #input = '';
  #busy = false;
  /** A `late` reply is pending: URCs are not held back for it. */
  #late = false;
  #sms = false;
  #out = '';
  #urcs: string[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #urcTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by detach(): stale timers and `after` hooks check it. */
  #epoch = 0;

  constructor(
    private readonly host: ChannelHost,
    readonly iface: number,
  ) {
    this.cmee = host.options.defaultCmee;
  }

  get endpoint(): SimEndpoint | null {
    return this.#endpoint;
  }

  resetSettings(): void {
    this.echo = true;
    this.verbose = true;
    this.cmee = this.host.options.defaultCmee;
  }

  attach(endpoint: SimEndpoint): void {
    this.detach();
    this.#endpoint = endpoint;
  }

  /** Drops everything in flight: the port vanished. */
  detach(): void {
    this.#epoch++;
    this.#endpoint = null;
    this.#input = '';
    this.#out = '';
    this.#urcs = [];
    this.#busy = false;
    this.#late = false;
    this.#sms = false;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#urcTimer) clearTimeout(this.#urcTimer);
    this.#timer = this.#urcTimer = null;
  }

  input(data: Buffer): void {
    if (this.#endpoint === null || this.host.mode() === 'silent') return;
    if (this.#input.length + data.length > MAX_INPUT) return;
    this.#input += data.toString('latin1');
    this.#pump();
  }

  /** An unsolicited line for this port. */
  urc(line: string): void {
    if (this.#endpoint === null) return;
    const o = this.host.options;
    if (this.#busy && !this.#late) {
      this.#urcs.push(line);
      return;
    }
    if (o.zeroLatency || !o.interleaveUrcs) {
      this.#out += urcText(line, this.verbose);
      this.#flush();
      return;
    }
    // Hold it a moment so a command arriving now can find it before its echo.
    this.#urcs.push(line);
    if (this.#urcTimer === null) {
      this.#urcTimer = setTimeout(() => {
        this.#urcTimer = null;
        if (this.#busy && !this.#late) return;
        for (const u of this.#urcs) this.#out += urcText(u, this.verbose);
        this.#urcs = [];
        this.#flush();
      }, this.host.rngLatency.int(1, 20));
    }
  }

  #pump(): void {
    while (!this.#busy && this.#endpoint !== null) {
      if (this.#sms) {
        const end = this.#input.search(/[\x1a\x1b]/);
        if (end < 0) break;
        const body = this.#input.slice(0, end);
        const cancelled = this.#input[end] === '\x1b';
        this.#input = this.#input.slice(end + 1);
        this.#sms = false;
        if (this.echo) this.#out += body;
        this.#answer(this.host.smsBody(this, cancelled ? null : body), null);
        continue;
      }
      const cr = this.#input.indexOf('\r');
      if (cr < 0) break;
      let line = this.#input.slice(0, cr);
      this.#input = this.#input.slice(cr + 1);
      if (line.includes('\n')) line = line.replaceAll('\n', '');
      this.#command(line);
    }
    this.#flush();
  }

  #command(line: string): void {
    const text = line.trim();
    if (text === '') return;
    if (this.#urcs.length > 0 && this.host.options.interleaveUrcs) this.#urcsBeforeEcho();
    if (this.echo) this.#out += `${line}\r`;
    // V.250: characters before "AT" are ignored, so a line without it gets no answer.
    if (!/^at/i.test(text)) return;
    const mode = this.host.mode();
    if (mode === 'stuck' && !this.host.isResetCommand(text)) return;
    const fault = mode === 'stuck' ? null : this.#rollFault();
    if (fault === 'hang') return;
    if (fault === 'stuck') {
      this.host.becomeStuck();
      return;
    }
    const reply: Reply =
      fault === 'cme'
        ? { lines: [], final: { kind: 'cme', code: this.host.rngFaults.pick(CME_FAULT_CODES) }, latency: 'short' }
        : this.host.execute(this, text);
    this.#answer(reply, fault);
  }

  #answer(reply: Reply, fault: PerCommandFault | null): void {
    if (reply.final.kind === 'none' && reply.lines.length === 0) {
      reply.after?.();
      return;
    }
    const delay = fault === 'late' ? this.host.options.lateDelayMs : this.#delay(reply.latency);
    if (delay === 0) {
      this.#deliver(reply, fault);
      return;
    }
    this.#busy = true;
    this.#late = fault === 'late';
    const epoch = this.#epoch;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (epoch !== this.#epoch) return;
      this.#busy = false;
      this.#late = false;
      this.#deliver(reply, fault);
      this.#pump();
    }, delay);
  }

  #deliver(reply: Reply, fault: PerCommandFault | null): void {
    const segments = replySegments(reply, this.cmee, this.verbose);
    const rng = this.host.rngFaults;
    if (fault === 'partial') {
      const all = segments.join('');
      let cut = Math.max(1, Math.floor(all.length / 2));
      while (cut > 1 && (all[cut - 1] === '\n' || all[cut - 1] === '\r')) cut--;
      this.#out += all.slice(0, cut);
      this.#flushUrcs();
      return;
    }
    if (fault === 'garbage') {
      let junk = '';
      for (let i = rng.int(1, 12); i > 0; i--) junk += String.fromCharCode(rng.chance(0.5) ? rng.int(0x80, 0xff) : rng.int(0, 8));
      const at = rng.int(0, segments.length);
      segments.splice(at, 0, junk);
    }
    if (this.#urcs.length > 0) {
      const interleave = this.host.options.interleaveUrcs;
      for (const u of this.#urcs) {
        const at = interleave ? this.host.rngChunks.int(0, segments.length) : segments.length;
        segments.splice(at, 0, urcText(u, this.verbose));
      }
      this.#urcs = [];
    }
    for (const s of segments) this.#out += s;
    if (reply.final.kind === 'prompt') this.#sms = true;
    this.#flush();
    if (reply.after) {
      const epoch = this.#epoch;
      reply.after();
      if (epoch !== this.#epoch) return;
    }
  }

  #urcsBeforeEcho(): void {
    const keep: string[] = [];
    for (const u of this.#urcs) {
      if (this.host.rngChunks.chance(0.5)) this.#out += urcText(u, this.verbose);
      else keep.push(u);
    }
    this.#urcs = keep;
  }

  #flushUrcs(): void {
    for (const u of this.#urcs) this.#out += urcText(u, this.verbose);
    this.#urcs = [];
  }

  #delay(cls: LatencyClass): number {
    const { latency, zeroLatency } = this.host.options;
    const factor = this.host.faults.slowFactor;
    let base = 0;
    if (!zeroLatency) {
      const r = latency[cls];
      base = r.max === 0 ? 0 : this.host.rngLatency.int(r.min, r.max);
    }
    return factor > 1 ? Math.round(Math.max(base, 10) * factor) : base;
  }

  #rollFault(): PerCommandFault | null {
    const forced = this.host.takeForcedFault();
    if (forced) return forced;
    if (!this.host.faultsEnabled) return null;
    const p = this.host.faults.perCommand;
    const rng = this.host.rngFaults;
    if (p.hang > 0 && rng.chance(p.hang)) return 'hang';
    if (p.late > 0 && rng.chance(p.late)) return 'late';
    if (p.garbage > 0 && rng.chance(p.garbage)) return 'garbage';
    if (p.partial > 0 && rng.chance(p.partial)) return 'partial';
    if (p.cme > 0 && rng.chance(p.cme)) return 'cme';
    if (p.stuck > 0 && rng.chance(p.stuck)) return 'stuck';
    return null;
  }

  #flush(): void {
    const out = this.#out;
    if (out === '' || this.#endpoint === null) return;
    this.#out = '';
    const ep = this.#endpoint;
    if (!this.host.options.chunking || out.length < 2) {
      ep.send(Buffer.from(out, 'latin1'));
      return;
    }
    const rng = this.host.rngChunks;
    const cuts = rng.int(0, Math.min(3, out.length - 1));
    const points: number[] = [];
    for (let i = 0; i < cuts; i++) points.push(rng.int(1, out.length - 1));
    points.sort((a, b) => a - b);
    let from = 0;
    for (const p of points) {
      if (p > from) ep.send(Buffer.from(out.slice(from, p), 'latin1'));
      from = Math.max(from, p);
    }
    ep.send(Buffer.from(out.slice(from), 'latin1'));
  }
}
