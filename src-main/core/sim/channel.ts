/**
 * One AT port of a modem: V.250 line assembly (line-editor.ts), echo, strict in-order answering,
 * latency, chunking, URC interleaving, the per-command faults, the SMS text prompt and data mode.
 * The settings (settings.ts) survive a USB glitch; a reboot or ATZ loads the saved profile.
 */
import { OnlineState } from './data-mode';
import type { SimEndpoint } from './endpoint';
import type { ModemFaults, PerCommandFault } from './faults';
import { chunks, replyDelay, rollFault, type ReplyTally } from './channel-timing';
import { takeLine } from './line-editor';
import type { ResolvedBenchOptions } from './options';
import type { Rng } from './prng';
import { factorySettings, type AtSettings } from './settings';
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
  /** The settings this port has at power-on and after ATZ (the saved profile). */
  savedSettings(): AtSettings;
  /** Counts every reply's simulated delay (the modem's, over all its ports). */
  readonly replyTally: ReplyTally;
}

/** Unprocessed input beyond this is dropped, like a full UART FIFO. */
const MAX_INPUT = 8192;
const CME_FAULT_CODES = [3, 4, 14, 30, 100];

export class AtChannel {
  settings: AtSettings;
  /** The last command line (from `AT` on), repeated by `A/`. */
  lastLine: string | null = null;
  /** A data call on this port, in data mode or (after +++) in online command mode; null without a call. */
  online: OnlineState | null = null;
  #endpoint: SimEndpoint | null = null;
  #input = '';
  /** How many characters at the start of #input were already echoed (typed slowly, line not finished). */
  #echoed = 0;
  #busy = false;
  /** A `late` reply is pending: URCs are not held back for it. */
  #late = false;
  /** Text typed after the `> ` prompt so far, or null outside the prompt. */
  #sms: string | null = null;
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
    this.settings = factorySettings(host.options.defaultCmee);
  }

  get endpoint(): SimEndpoint | null {
    return this.#endpoint;
  }

  get echo(): boolean {
    return this.settings.echo;
  }
  set echo(on: boolean) {
    this.settings.echo = on;
  }
  get verbose(): boolean {
    return this.settings.verbose;
  }
  set verbose(on: boolean) {
    this.settings.verbose = on;
  }
  get cmee(): 0 | 1 | 2 {
    return this.settings.cmee;
  }
  set cmee(n: 0 | 1 | 2) {
    this.settings.cmee = n;
  }

  /** Power-on and ATZ: the saved profile ([MAN] §2.13); AT&F sets `settings` itself. */
  resetSettings(): void {
    this.settings = this.host.savedSettings();
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
    this.#echoed = 0;
    this.#out = '';
    this.#urcs = [];
    this.#busy = false;
    this.#late = false;
    this.#sms = null;
    this.online?.dispose();
    this.online = null;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#urcTimer) clearTimeout(this.#urcTimer);
    this.#timer = this.#urcTimer = null;
  }

  input(data: Buffer): void {
    if (this.#endpoint === null || this.host.mode() === 'silent') return;
    if (this.online?.dataMode) {
      // No PPP peer behind the simulator: data-mode bytes go nowhere, only the +++ escape counts.
      this.online.data(data.toString('latin1'));
      return;
    }
    if (this.#input.length + data.length > MAX_INPUT) {
      // A full buffer with no line end in it is noise: drop it so the port is not deaf from then on.
      if (this.#input.includes(String.fromCharCode(this.settings.s[3] ?? 13))) return;
      this.#input = '';
      this.#echoed = 0;
      if (data.length > MAX_INPUT) return;
    }
    this.#input += data.toString('latin1');
    this.#pump();
  }

  /** The host's DTR line; a drop acts per AT&D (V.250 §6.2.9; EC25 manual §3.2). */
  dtr(on: boolean): void {
    if (on || this.online === null || this.#endpoint === null) return;
    const d = this.settings.dtr;
    if (d === 0) return;
    if (d === 1) {
      if (this.online.dataMode) this.#escaped();
      return;
    }
    this.hangUp(true);
  }

  /** The DCD line: on with &C0, else on while a data call is up (V.250 §6.2.8; EC25 manual §3.1). */
  get dcd(): boolean {
    return this.settings.dcd === 0 || this.online !== null;
  }

  /** Enters data mode after CONNECT (ATD*99#, ATO). */
  goOnline(): void {
    if (this.#endpoint === null) return;
    this.online ??= new OnlineState(this.settings, () => this.#escaped());
    this.online.enterDataMode();
  }

  /** Ends the data call: ATH (no result here) or a DTR drop with &D2 (`NO CARRIER`, V.250 §6.2.9). */
  hangUp(noCarrier: boolean): void {
    if (this.online === null) return;
    this.online.dispose();
    this.online = null;
    if (noCarrier) this.result('NO CARRIER', '3');
  }

  /** +++ after the guard times (EC25 manual §7.6): online command mode, answered with OK. */
  #escaped(): void {
    this.online?.leaveDataMode();
    this.result('OK', '0');
    this.#pump();
  }

  /** A call result outside a command's reply (NO CARRIER after a hang-up, OK after +++). */
  result(text: string, code: string): void {
    if (!this.settings.quiet) this.#out += this.verbose ? `\r\n${text}\r\n` : `${code}\r`;
    // URCs held back during data mode follow the result that ends it.
    if (!this.online?.dataMode && !this.#busy) this.#flushUrcs();
    this.#flush();
  }

  /** An unsolicited line for this port. */
  urc(line: string): void {
    if (this.#endpoint === null) return;
    const o = this.host.options;
    // In data mode the port carries PPP: URCs wait until command mode (27.007 §8.10 +CMER mode 1 semantics;
    // a URC inside PPP frames would corrupt them).
    if (this.online?.dataMode) {
      this.#urcs.push(line);
      return;
    }
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
    while (!this.#busy && this.#endpoint !== null && !this.online?.dataMode) {
      if (this.#sms !== null) {
        if (!this.#promptInput()) break;
        continue;
      }
      const s = this.settings.s;
      const next = takeLine(this.#input, s[3] ?? 13, s[5] ?? 8);
      if (next === null) {
        this.#echoPending();
        break;
      }
      this.#input = this.#input.slice(next.consumed);
      const { event } = next;
      const echoed = this.#echoed;
      this.#echoed = 0;
      // What was not echoed yet as it arrived (the whole line when it came in one write).
      const rest = event.raw.slice(echoed).replaceAll('\n', '');
      if (event.type === 'repeat') {
        if (this.echo) this.#out += rest;
        if (this.lastLine !== null) this.#command(this.lastLine);
        continue;
      }
      if (echoed === 0 && event.raw.replaceAll('\n', '').trim() === '') continue;
      if (echoed === 0 && this.#urcs.length > 0 && this.host.options.interleaveUrcs) this.#urcsBeforeEcho();
      if (this.echo) this.#out += rest + String.fromCharCode(s[3] ?? 13);
      if (event.text === null) continue;
      this.lastLine = event.text;
      this.#command(event.text);
    }
    this.#flush();
  }

  /** Echoes the characters of an unfinished line as they arrive, like a terminal user sees them (V.250 §5.2.1). */
  #echoPending(): void {
    if (!this.echo || this.#input.length <= this.#echoed) return;
    const text = this.#input.slice(this.#echoed).replaceAll('\n', '');
    if (this.#echoed === 0 && text.trim() === '') return;
    if (this.#echoed === 0 && this.#urcs.length > 0 && this.host.options.interleaveUrcs) this.#urcsBeforeEcho();
    this.#out += text;
    this.#echoed = this.#input.length;
  }

  /**
   * Text after the `> ` prompt (3GPP TS 27.005 §3.5.1/§4.3): each character is echoed as it arrives
   * (E1), every CR gets a new `\r\n> ` prompt, Ctrl-Z sends (not echoed), ESC cancels. False while the
   * text is still open.
   */
  #promptInput(): boolean {
    while (this.#input.length > 0) {
      const ch = this.#input[0]!;
      this.#input = this.#input.slice(1);
      if (ch === '\x1a' || ch === '\x1b') {
        const body = this.#sms!;
        this.#sms = null;
        this.#answer(this.host.smsBody(this, ch === '\x1b' ? null : body), null);
        return true;
      }
      if (ch === '\n' && this.#sms!.endsWith('\r')) continue;
      this.#sms += ch;
      if (ch === '\r') this.#out += '\r\n> ';
      else if (this.echo) this.#out += ch;
    }
    return false;
  }

  #command(text: string): void {
    const mode = this.host.mode();
    if (mode === 'stuck' && !this.host.isResetCommand(text)) return;
    const fault = mode === 'stuck' ? null : rollFault(this.host);
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
    const delay = fault === 'late' ? this.host.options.lateDelayMs : replyDelay(this.host, reply.latency);
    const tally = this.host.replyTally;
    tally.replies++;
    if (delay === 0) {
      this.#deliver(reply, fault);
      return;
    }
    tally.delayMs += delay;
    this.#busy = true;
    this.#late = fault === 'late';
    const epoch = this.#epoch;
    const due = performance.now() + delay;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (epoch !== this.#epoch) return;
      tally.lateMs += Math.max(0, performance.now() - due);
      this.#busy = false;
      this.#late = false;
      this.#deliver(reply, fault);
      this.#pump();
    }, delay);
  }

  #deliver(reply: Reply, fault: PerCommandFault | null): void {
    const segments = replySegments(reply, this.cmee, this.verbose, this.settings.quiet);
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
    if (reply.final.kind === 'prompt') this.#sms = '';
    this.#flush();
    if (reply.final.kind === 'connect') this.goOnline();
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

  #flush(): void {
    let out = this.#out;
    if (out === '' || this.#endpoint === null) return;
    this.#out = '';
    const { 3: s3 = 13, 4: s4 = 10 } = this.settings.s;
    // V.250 §6.2.5: responses are framed with the S3 and S4 characters, whatever they were set to.
    if (s3 !== 13 || s4 !== 10) out = out.replace(/[\r\n]/g, (c) => String.fromCharCode(c === '\r' ? s3 : s4));
    const ep = this.#endpoint;
    if (!this.host.options.chunking || out.length < 2) {
      ep.send(Buffer.from(out, 'latin1'));
      return;
    }
    for (const chunk of chunks(out, this.host.rngChunks)) ep.send(Buffer.from(chunk, 'latin1'));
  }
}
