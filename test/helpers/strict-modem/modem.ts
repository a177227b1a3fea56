/**
 * A strict V.250 fake modem, written from the standards and not from the
 * simulator: its own E/V/Q/+CMEE/S3/S4 state machine, a saved profile that a
 * reset (ATZ, or a reboot) brings back, input handled one byte at a time as a
 * DCE does (echo as received, text before `AT` ignored, S5 backspace, `A/`),
 * commands executed strictly in order (a slow command holds the ones typed
 * after it), and the scenarios the engine must survive: late replies, a reset
 * mid-command with the EC25's boot URCs, URC storms (before the echo, between
 * commands), garbage inside a line, and the SMS text prompt (`\r\n> `, body
 * echo, Ctrl-Z, ESC).
 *
 * Sources: ITU-T V.250 §5.2 (command line, echo, S3/S5, A/), §5.7 and §6.2
 * (E, Q, V, Z, &F, S-parameters; V0 result codes are `<code><S3>`, V0 text is
 * `<text><S3><S4>`, V1 wraps both in `<S3><S4>`); 3GPP TS 27.007 §9.1
 * (+CMEE 0/1/2); TS 27.005 §3.5.1 (+CMGS: `> `, Ctrl-Z sends, ESC cancels);
 * the EC25 boot URCs and prompt bytes from /work/shared/reference/ec25-facts.md
 * §4 and §6.5.
 *
 * Time is setTimeout only, so tests drive it with fake timers.
 */
import { runCommandLine, type CommandContext, type Outcome } from './commands';
import { CME_TEXT, copySettings, profileOf, type StrictSettings } from './settings';

export interface StrictModemOptions {
  /** The saved profile (AT&W) the modem boots with and ATZ restores. @default factory (E1 V1 Q0, +CMEE 1) */
  profile?: Partial<StrictSettings>;
  /** The settings right now, when another program left the modem in another state. @default the profile */
  current?: Partial<StrictSettings>;
  /** @default '861234567890123' */
  imei?: string;
  /** ms from reading a command line to its answer. @default () => 1 */
  delay?: (line: string) => number;
  /** Unsolicited lines sent just before this command line's echo. @default none */
  beforeEcho?: (line: string) => string[];
  /** Unsolicited lines sent between this command line's information text and its result code. @default none */
  midReply?: (line: string) => string[];
  /** Bytes put in the middle of the first information line of this command line's answer. @default none */
  garble?: (line: string) => Uint8Array | null;
  /** ms from a reset to RDY. @default 200 */
  bootMs?: number;
  /** Echo the Ctrl-Z that ends SMS text (some firmware does). @default false */
  echoCtrlZ?: boolean;
  /** A non-compliant modem that answers ERROR to every S-parameter command. @default false */
  noSRegisters?: boolean;
}

export interface SentSms {
  to: string;
  body: string;
}


const CTRL_Z = 0x1a;
const ESC = 0x1b;
const BOOT_URCS = ['+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'];

export class StrictModem {
  settings: StrictSettings;
  profile: StrictSettings;
  /** Command lines read, from `AT` on, as typed. */
  readonly commands: string[] = [];
  /** Messages sent with AT+CMGS. */
  readonly sms: SentSms[] = [];
  /** Every byte the host wrote, latin1. */
  received = '';
  /** Every byte the modem sent, latin1. */
  sent = '';
  /** Resets so far. */
  resets = 0;
  readonly #o: Required<Omit<StrictModemOptions, 'profile' | 'current' | 'beforeEcho' | 'garble' | 'midReply'>> &
    Pick<StrictModemOptions, 'beforeEcho' | 'garble' | 'midReply'>;
  #sink: ((b: Buffer) => void) | null = null;
  #input: number[] = [];
  #busy = false;
  #booting = false;
  #line = '';
  #lastLine = '';
  #text: { to: string; body: string } | null = null;
  #epoch = 0;
  #mr = 0;
  /** The commands change settings and profile through this view of the modem. */
  readonly #context: CommandContext = (() => {
    const modem = this; // eslint-disable-line @typescript-eslint/no-this-alias
    return {
      get settings() {
        return modem.settings;
      },
      set settings(v: StrictSettings) {
        modem.settings = v;
      },
      get profile() {
        return modem.profile;
      },
      set profile(v: StrictSettings) {
        modem.profile = v;
      },
      get imei() {
        return modem.#o.imei;
      },
      get noSRegisters() {
        return modem.#o.noSRegisters;
      },
    };
  })();

  constructor(options: StrictModemOptions = {}) {
    this.profile = profileOf(options.profile);
    this.settings = options.current ? profileOf({ ...this.profile, ...options.current }) : copySettings(this.profile);
    this.#o = {
      imei: options.imei ?? '861234567890123',
      delay: options.delay ?? (() => 1),
      bootMs: options.bootMs ?? 200,
      echoCtrlZ: options.echoCtrlZ ?? false,
      noSRegisters: options.noSRegisters ?? false,
      beforeEcho: options.beforeEcho,
      garble: options.garble,
      midReply: options.midReply,
    };
  }

  /** Where the modem's bytes go (a binding's read queue, a PTY master). */
  connect(sink: (b: Buffer) => void): void {
    this.#sink = sink;
  }

  disconnect(): void {
    this.#sink = null;
  }

  /** Bytes from the host. */
  input(bytes: Uint8Array): void {
    this.received += Buffer.from(bytes).toString('latin1');
    if (this.#booting) return; // a booting modem reads nothing
    for (const b of bytes) this.#input.push(b);
    this.#pump();
  }

  /** Unsolicited lines, now, formatted as the current V setting says. */
  urc(...lines: string[]): void {
    for (const l of lines) this.#out(this.#infoText(l));
  }

  /** Raw bytes, now (garbage between lines, a cut reply). */
  raw(bytes: string | Uint8Array): void {
    this.#out(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  /**
   * A reboot: the command in flight is never answered, input is dropped,
   * settings go back to the saved profile, and after `bootMs` come RDY and the
   * boot URCs (ec25-facts §4 order: RDY, +CFUN: 1, +CPIN: READY, +QUSIM: 1,
   * +QIND: SMS DONE, +QIND: PB DONE).
   */
  reset(): void {
    this.resets++;
    this.#epoch++;
    this.#input = [];
    this.#line = '';
    this.#text = null;
    this.#busy = true;
    this.#booting = true;
    this.settings = copySettings(this.profile);
    const epoch = this.#epoch;
    setTimeout(() => {
      if (epoch !== this.#epoch) return;
      this.#booting = false;
      this.urc('RDY', ...BOOT_URCS);
      this.#busy = false;
      this.#pump();
    }, this.#o.bootMs);
  }

  #out(b: Buffer): void {
    if (b.length === 0) return;
    this.sent += b.toString('latin1');
    this.#sink?.(b);
  }

  get #cr(): string {
    return String.fromCharCode(this.settings.s[3]!);
  }

  get #lf(): string {
    return String.fromCharCode(this.settings.s[4]!);
  }

  #infoText(line: string): Buffer {
    const t = this.settings.verbose ? `${this.#cr}${this.#lf}${line}${this.#cr}${this.#lf}` : `${line}${this.#cr}${this.#lf}`;
    return Buffer.from(t, 'latin1');
  }

  #final(error: Outcome['error']): string {
    if (this.settings.quiet) return '';
    const { verbose } = this.settings;
    const cr = this.#cr;
    const lf = this.#lf;
    if (typeof error === 'number' && this.settings.cmee !== 0) {
      const text = `+CME ERROR: ${this.settings.cmee === 1 ? error : (CME_TEXT[error] ?? String(error))}`;
      return verbose ? `${cr}${lf}${text}${cr}${lf}` : `${text}${cr}${lf}`;
    }
    if (error !== null) return verbose ? `${cr}${lf}ERROR${cr}${lf}` : `4${cr}`;
    return verbose ? `${cr}${lf}OK${cr}${lf}` : `0${cr}`;
  }

  #pump(): void {
    while (!this.#busy && this.#input.length > 0) {
      const c = this.#input.shift()!;
      if (this.#text) this.#textByte(c);
      else this.#commandByte(c);
    }
  }

  #commandByte(c: number): void {
    const s = this.settings;
    if (c === s.s[3]) {
      if (s.echo) this.#out(Buffer.from([c]));
      const line = this.#line;
      this.#line = '';
      this.#execute(line);
      return;
    }
    if (this.#line.length === 0 && this.#o.beforeEcho) {
      // The storm comes as the modem starts reading the line: ahead of its echo.
      const pending = this.#pendingLine(c);
      if (pending !== null) for (const u of this.#o.beforeEcho(pending)) this.#out(this.#infoText(u));
    }
    if (s.echo) this.#out(Buffer.from([c]));
    if (c === s.s[5]) {
      this.#line = this.#line.slice(0, -1);
      return;
    }
    this.#line += String.fromCharCode(c);
    // A/ repeats the last command line at once, without S3 (V.250 §5.2.4).
    if (/a\/$/i.test(this.#line) && !/at/i.test(this.#line)) {
      this.#line = '';
      this.#execute(this.#lastLine);
    }
  }

  /** The whole line the host is typing, when it is already in the input queue (for beforeEcho). */
  #pendingLine(first: number): string | null {
    const cr = this.settings.s[3]!;
    const end = this.#input.indexOf(cr);
    if (end < 0) return null;
    return String.fromCharCode(first, ...this.#input.slice(0, end));
  }

  #textByte(c: number): void {
    const t = this.#text!;
    const s = this.settings;
    if (c === CTRL_Z) {
      if (s.echo && this.#o.echoCtrlZ) this.#out(Buffer.from([c]));
      this.#text = null;
      this.sms.push({ to: t.to, body: t.body });
      const mr = ++this.#mr;
      this.#respond('AT+CMGS<SEND>', { info: [`+CMGS: ${mr}`], error: null });
      return;
    }
    if (c === ESC) {
      // 27.005 §3.5.1: ESC cancels; the EC25 then gives OK.
      this.#text = null;
      this.#respond('AT+CMGS<ESC>', { info: [], error: null });
      return;
    }
    if (c === s.s[3]) {
      t.body += '\n';
      this.#out(Buffer.from(`${this.#cr}${this.#lf}> `, 'latin1'));
      return;
    }
    if (c === 0x0a) return;
    if (s.echo) this.#out(Buffer.from([c]));
    t.body += String.fromCharCode(c);
  }

  #execute(line: string): void {
    const at = line.search(/at/i);
    if (at < 0) return; // V.250: nothing that starts with AT, nothing to do
    const cmdLine = line.slice(at);
    this.#lastLine = cmdLine;
    this.commands.push(cmdLine);
    const outcome = runCommandLine(cmdLine.slice(2), this.#context);
    this.#respond(cmdLine, outcome);
  }

  /** Sends the answer after the command's delay; input waits until it is out. */
  #respond(line: string, outcome: Outcome): void {
    this.#busy = true;
    const epoch = this.#epoch;
    setTimeout(() => {
      if (epoch !== this.#epoch) return;
      const parts: Buffer[] = outcome.info.map((l) => this.#infoText(l));
      const garbage = this.#o.garble?.(line.toUpperCase());
      if (garbage && parts.length > 0) {
        const first = parts[0]!;
        const mid = Math.floor(first.length / 2);
        parts[0] = Buffer.concat([first.subarray(0, mid), Buffer.from(garbage), first.subarray(mid)]);
      }
      for (const u of this.#o.midReply?.(line.toUpperCase()) ?? []) parts.push(this.#infoText(u));
      if (outcome.prompt !== undefined) {
        this.#text = { to: outcome.prompt, body: '' };
        parts.push(Buffer.from(`${this.#cr}${this.#lf}> `, 'latin1'));
      } else parts.push(Buffer.from(this.#final(outcome.error), 'latin1'));
      this.#out(Buffer.concat(parts));
      this.#busy = false;
      this.#pump();
    }, this.#o.delay(line.toUpperCase()));
  }
}
