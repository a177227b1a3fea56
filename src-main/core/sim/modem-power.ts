/**
 * The power and USB state machine of a simulated EC25 (SimModem, modem.ts, adds the
 * AT-facing API on top): power, plug, boot with its URCs, enumeration of the serial
 * endpoints and the QMI interface, reboots, USB glitches and the spontaneous faults.
 * A class boundary only: the modem is one object.
 */
import { AtChannel, type ChannelHost } from './channel';
import type { PdpContext, SimCardState, UrcPort } from './commands/index';
import { INTERFACE_ROLES, SimEndpoint } from './endpoint';
import { faultsFor, type ModemFaults, type PerCommandFault } from './faults';
import { makeIdentity, type SimIdentity } from './identity';
import { SimNetwork } from './network';
import type { ResolvedBenchOptions } from './options';
import { Rng, hashSeed } from './prng';
import { freshExtras, type ModemExtras } from './commands/extras';
import { applyPatch, copySettings, factorySettings, type AtSettings } from './settings';
import { startStateFor } from './start-state';
import { VoiceCalls } from './voice';
import type { SimQmiEndpoint } from './qmi/endpoint';
import type { Reply } from './wire';
import type { SimModemState, SimPortInfo, SimPortsChange } from './modem-types';

export abstract class SimModemPower implements ChannelHost {
  readonly identity: SimIdentity;
  readonly faults: ModemFaults;
  readonly network: SimNetwork;
  readonly rngLatency: Rng;
  readonly rngChunks: Rng;
  readonly rngFaults: Rng;
  /** Simulated reply delays so far (ReplyTally): the benchmark's ideal batch time. */
  readonly replyTally = { replies: 0, delayMs: 0, lateMs: 0 };
  readonly simPin: string;
  sim: SimCardState;
  cfun: 0 | 1 | 4 = 1;
  urcPort: UrcPort = 'usbat';
  usbnet = 0;
  smsTextMode = false;
  smsRef = 0;
  contexts = new Map<number, PdpContext>();
  gps = false;
  charset: 'GSM' | 'IRA' | 'UCS2' = 'GSM';
  extras: ModemExtras;
  readonly voice: VoiceCalls;
  /** The user profile in NV (AT&W): survives reboots and power cycles ([MAN] §2.12). */
  #profile: AtSettings;

  #state: SimModemState = { state: 'off' };
  #plugged = true;
  protected powered = false;
  #enumeration = 0;
  #endpoints: SimEndpoint[] = [];
  /** Interface 4 (QMI), not a serial port: kept apart from the tty endpoints. */
  #qmi: SimQmiEndpoint | null = null;
  readonly #channels: readonly AtChannel[];
  protected readonly rng: Rng;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #spontaneous: ReturnType<typeof setTimeout>[] = [];
  protected faultsOn = true;
  protected simAtPowerOn: SimCardState;

  constructor(
    readonly index: number,
    readonly options: ResolvedBenchOptions,
    private readonly notify: (change: SimPortsChange) => void,
  ) {
    const seed = options.seed;
    this.identity = makeIdentity(seed, index);
    this.faults = faultsFor(options.faults, index);
    this.rngLatency = new Rng(hashSeed(seed, index, 'latency'));
    this.rngChunks = new Rng(hashSeed(seed, index, 'chunks'));
    this.rngFaults = new Rng(hashSeed(seed, index, 'faults'));
    this.rng = new Rng(hashSeed(seed, index, 'misc'));
    this.network = new SimNetwork(new Rng(hashSeed(seed, index, 'network')), this.identity, options, (l) => this.#urc(l));
    this.#channels = [new AtChannel(this, 2), new AtChannel(this, 3)];
    this.simPin = options.sim.pin;
    this.simAtPowerOn = options.sim.absent.includes(index) ? 'absent' : options.sim.pinLocked.includes(index) ? 'pin' : 'ready';
    this.sim = this.simAtPowerOn;
    this.extras = freshExtras(this.#ownNumber());
    this.voice = new VoiceCalls({
      later: (ms, fn) => this.later(ms, fn),
      urc: (l) => this.#urc(l),
      crc: () => this.extras.crc === 1,
      clip: () => this.extras.clip === 1,
      autoAnswerRings: () => this.#channels[0]!.settings.s[0] ?? 0,
    });
    this.#profile = applyPatch(factorySettings(options.defaultCmee), startStateFor(options.startState, index));
    for (const ch of this.#channels) ch.resetSettings();
  }

  abstract execute(channel: AtChannel, line: string): Reply;
  abstract smsBody(channel: AtChannel, body: string | null): Reply;
  abstract takeForcedFault(): PerCommandFault | null;
  abstract get faultsEnabled(): boolean;
  abstract isResetCommand(line: string): boolean;
  abstract setGps(on: boolean): void;
  /** Interface 4 of a new enumeration. */
  protected abstract qmiEndpoint(path: string): SimQmiEndpoint;

  /** Powers the modem at bench start: ready at once, or through the boot. */
  start(ready: boolean): void {
    this.powered = true;
    this.#powerOnState();
    this.#scheduleSpontaneous();
    if (!ready) {
      this.#enumerate(false, true);
      return;
    }
    this.#enumerate(false, false);
    this.#becomeReady(false);
  }

  get state(): SimModemState['state'] {
    return this.#state.state;
  }

  get stuck(): boolean {
    return this.#state.state === 'ready' && this.#state.stuck;
  }

  get present(): boolean {
    return this.#endpoints.length > 0;
  }

  get enumeration(): number {
    return this.#enumeration;
  }

  /** The QMI interface of this enumeration (null while away or bricked). */
  get qmi(): SimQmiEndpoint | null {
    return this.#qmi;
  }

  get endpoints(): readonly SimEndpoint[] {
    return this.#endpoints;
  }

  ports(): SimPortInfo[] {
    return this.#endpoints.map((e) => ({ path: e.path, interface: e.iface, role: e.role }));
  }

  /** The AT port (If2) path while enumerated normally. */
  get atPath(): string | null {
    return this.#endpoints.find((e) => e.role === 'at')?.path ?? null;
  }

  unplug(): void {
    this.#plugged = false;
    this.off();
  }

  replug(): void {
    if (this.#plugged) return;
    this.#plugged = true;
    if (this.powered) this.#coldBoot();
  }

  powerOff(): void {
    this.powered = false;
    this.off();
  }

  powerOn(): void {
    if (this.powered) return;
    this.powered = true;
    if (this.#plugged) this.#coldBoot();
  }

  powerCycle(): void {
    this.powerOff();
    this.powerOn();
  }

  dispose(): void {
    this.off();
    this.powered = false;
    for (const t of this.#spontaneous) clearTimeout(t);
    this.#spontaneous = [];
  }

  mode(): 'ready' | 'stuck' | 'silent' {
    const s = this.#state;
    return s.state !== 'ready' ? 'silent' : s.stuck ? 'stuck' : 'ready';
  }

  becomeStuck(): void {
    if (this.#state.state === 'ready') this.#state = { state: 'ready', stuck: true };
  }

  /** The SIM's own number (+CNUM): the home country code and the IMSI's subscriber digits. */
  #ownNumber(): string {
    return `+${this.identity.home.iccidCountry}${this.identity.imsi.slice(-9)}`;
  }

  savedSettings(): AtSettings {
    return copySettings(this.#profile);
  }

  urc(line: string): void {
    this.#urc(line);
  }

  saveProfile(channel: AtChannel): void {
    this.#profile = copySettings(channel.settings);
  }

  /** The settings the modem currently has saved (tests, the UI). */
  get profile(): AtSettings {
    return copySettings(this.#profile);
  }

  // ---- internals ------------------------------------------------------------

  protected later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
  }

  #clearTimers(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    const s = this.#state;
    if (s.state === 'enumerating' || s.state === 'booting') clearTimeout(s.timer);
  }

  #urc(line: string): void {
    if (this.#state.state !== 'ready') return;
    const port = this.urcPort;
    if (port === 'usbat' || port === 'all') this.#channels[0]!.urc(line);
    if (port === 'usbmodem' || port === 'all') this.#channels[1]!.urc(line);
  }

  /** Lines in order, spread over a few hundred ms unless latency is off. */
  #sequence(lines: string[], then?: () => void): void {
    if (this.options.zeroLatency) {
      for (const l of lines) this.#urc(l);
      then?.();
      return;
    }
    let at = 0;
    for (const l of lines) {
      at += this.rng.int(5, 250);
      this.later(at, () => this.#urc(l));
    }
    if (then) this.later(at + 1, then);
  }

  protected simUrcs(afterCfun: boolean): void {
    if (this.sim === 'absent') return;
    if (this.sim === 'pin') {
      if (afterCfun) this.#urc('+CPIN: SIM PIN');
      return;
    }
    const done = this.rng.shuffle(['+QIND: SMS DONE', '+QIND: PB DONE']);
    this.#sequence(['+CPIN: READY', '+QUSIM: 1', ...done], () => this.startNetwork(false));
  }

  protected startNetwork(now: boolean): void {
    if (this.cfun === 1 && this.sim === 'ready') this.network.start(now);
    else this.network.stop();
  }

  #enumerate(bricked: boolean, boot: boolean): void {
    this.#enumeration++;
    const ifaces = bricked ? [0] : [0, 1, 2, 3];
    this.#endpoints = ifaces.map((i) => {
      const role = INTERFACE_ROLES[i]!;
      const path = `sim:${this.index}.${this.#enumeration}:${i}`;
      const channel = role === 'at' ? this.#channels[0] : role === 'at-secondary' ? this.#channels[1] : undefined;
      // DM and NMEA swallow whatever the host writes.
      const ep = new SimEndpoint(
        path,
        this.index,
        i,
        role,
        channel ? (d) => channel.input(d) : () => {},
        channel ? (on) => channel.dtr(on) : () => {},
        channel ? () => channel.dcd : () => false,
      );
      channel?.attach(ep);
      return ep;
    });
    this.#qmi = bricked ? null : this.qmiEndpoint(`sim:${this.index}.${this.#enumeration}:4`);
    if (bricked) this.#state = { state: 'bricked' };
    else if (boot) this.#state = { state: 'booting', timer: setTimeout(() => this.#rdy(), this.options.bootDelayMs) };
    this.notify({ modem: this.index, type: 'added', ports: this.ports() });
  }

  #vanish(): void {
    if (this.#endpoints.length === 0) return;
    const ports = this.ports();
    for (const ch of this.#channels) ch.detach();
    const eps = this.#endpoints;
    this.#qmi?.vanish();
    this.#qmi = null;
    this.#endpoints = [];
    for (const ep of eps) ep.vanish();
    this.notify({ modem: this.index, type: 'removed', ports });
  }

  protected off(): void {
    this.#clearTimers();
    this.setGps(false);
    this.#vanish();
    this.network.stop();
    this.#state = { state: 'off' };
  }

  /** Fresh modem-side state, as after any reboot. */
  #powerOnState(): void {
    this.cfun = 1;
    this.sim = this.simAtPowerOn;
    this.gps = false;
    this.smsTextMode = false;
    this.charset = 'GSM';
    this.extras = freshExtras(this.#ownNumber());
    this.voice.hangUp();
    this.contexts = new Map([[1, { type: 'IPV4V6', apn: '' }]]);
    this.network.stop();
    this.network.urc = { CREG: 0, CGREG: 0, CEREG: 0 };
    for (const ch of this.#channels) ch.resetSettings();
  }

  #coldBoot(): void {
    this.off();
    this.#powerOnState();
    this.#reenumerateLater(false, true);
  }

  protected reboot(): void {
    const brick = this.faultsOn && this.faults.brick > 0 && this.rngFaults.chance(this.faults.brick);
    this.off();
    this.#powerOnState();
    this.#reenumerateLater(brick, true);
  }

  /** USB glitch: the ports go and come back with new paths; the modem keeps running. */
  protected glitch(): void {
    const s = this.#state;
    if (s.state !== 'ready') return;
    const stuck = s.stuck;
    this.#clearTimers();
    this.#vanish();
    const timer = setTimeout(() => {
      this.#enumerate(false, false);
      this.#state = { state: 'ready', stuck };
    }, this.options.reenumerateDelayMs);
    this.#state = { state: 'enumerating', timer, bootAfter: false };
  }

  #reenumerateLater(bricked: boolean, boot: boolean): void {
    const timer = setTimeout(() => this.#enumerate(bricked, boot), this.options.reenumerateDelayMs);
    this.#state = { state: 'enumerating', timer, bootAfter: boot };
  }

  #rdy(): void {
    this.#becomeReady(true);
  }

  #becomeReady(withUrcs: boolean): void {
    this.#state = { state: 'ready', stuck: false };
    if (!withUrcs) {
      this.startNetwork(true);
      return;
    }
    this.#urc('RDY');
    if (this.sim === 'absent') {
      this.#sequence(['+CFUN: 1', '+CPIN: NOT INSERTED']);
      return;
    }
    if (this.sim === 'pin') {
      this.#sequence(this.rng.shuffle(['+CFUN: 1', '+CPIN: SIM PIN']));
      return;
    }
    const first = this.rng.shuffle(['+CFUN: 1', '+CPIN: READY']);
    const done = this.rng.shuffle(['+QIND: SMS DONE', '+QIND: PB DONE']);
    this.#sequence([...first, '+QUSIM: 1', ...done], () => this.startNetwork(false));
  }

  #scheduleSpontaneous(): void {
    for (const kind of ['disconnect', 'reboot'] as const) {
      const perMinute = this.faults.perMinute[kind];
      if (perMinute <= 0) continue;
      const arm = (): void => {
        const t = setTimeout(() => {
          this.#spontaneous = this.#spontaneous.filter((x) => x !== t);
          if (this.#state.state === 'ready' && this.faultsOn) {
            if (kind === 'disconnect') this.glitch();
            else this.reboot();
          }
          arm();
        }, Math.max(1, this.rngFaults.exp(60_000 / perMinute)));
        this.#spontaneous.push(t);
      };
      arm();
    }
  }
}
