/**
 * One simulated EC25-EUX: power and USB state machine, its serial endpoints,
 * its two AT channels, network, GNSS and spontaneous faults. Command semantics
 * live in commands/; wire details in channel.ts and wire.ts.
 *
 * The power and USB state machine is SimModemPower (modem-power.ts); this class
 * adds what the AT commands and the bench drive: forced faults, the SIM lock,
 * SMS, functionality, GPS, the saved profile.
 */
import type { AtChannel } from './channel';
import { interpret, interpretSms, type ModemApi } from './commands/index';
import type { PerCommandFault } from './faults';
import { nmeaEpoch } from './gnss';
import { factorySettings } from './settings';
import type { Reply } from './wire';
import { receiveSms, type IncomingSms, type SmsDelivery } from './sms/receive';
import { SimModemPower } from './modem-power';
import { SimQmiEndpoint } from './qmi/endpoint';

export type { SimModemState, SimPortInfo, SimPortsChange } from './modem-types';

const RESET_RE = /^AT\+CFUN=\s*[014]\s*,\s*1\s*$/i;

export class SimModem extends SimModemPower implements ModemApi {
  #gpsTimer: ReturnType<typeof setInterval> | null = null;
  #forced: PerCommandFault[] = [];
  #temp = this.rng.int(32, 40);

  // ---- bench controls -------------------------------------------------------

  /** Forces `kind` on the next `count` AT commands, whatever the fault plan says (deterministic tests). */
  injectFault(kind: PerCommandFault, count = 1): void {
    if (!Number.isInteger(count) || count < 1) throw new TypeError(`count must be a positive integer, got ${count}`);
    for (let i = 0; i < count; i++) this.#forced.push(kind);
  }

  takeForcedFault(): PerCommandFault | null {
    return this.#forced.shift() ?? null;
  }

  /** Turns the fault plan off or on (a soak's settle phase turns it off to see what recovered). */
  setFaultsEnabled(on: boolean): void {
    this.faultsOn = on;
  }

  get faultsEnabled(): boolean {
    return this.faultsOn;
  }

  /** Someone calls this modem (RING until answered or the caller gives up); false while a call is up. */
  incomingCall(from: string): boolean {
    return this.state === 'ready' && this.sim === 'ready' && this.network.registered && this.voice.incoming(from);
  }

  /** A spontaneous reboot now (the `reboot` fault, on demand). */
  rebootNow(): void {
    if (this.state === 'ready') this.reboot();
  }

  /** A USB glitch now (the `disconnect` fault, on demand). */
  glitchNow(): void {
    if (this.state === 'ready') this.glitch();
  }

  protected qmiEndpoint(path: string): SimQmiEndpoint {
    return new SimQmiEndpoint(path, this);
  }

  // ---- ChannelHost ----------------------------------------------------------

  execute(channel: AtChannel, line: string): Reply {
    return interpret(this, channel, line);
  }

  smsBody(_channel: AtChannel, body: string | null): Reply {
    return interpretSms(this, body);
  }

  isResetCommand(line: string): boolean {
    return RESET_RE.test(line);
  }

  get simLocked(): boolean {
    return this.simAtPowerOn === 'pin';
  }

  setSimLock(on: boolean): void {
    // The PIN lock lives on the SIM card: it applies from the next power-on.
    if (this.simAtPowerOn !== 'absent') this.simAtPowerOn = on ? 'pin' : 'ready';
  }

  // ---- ModemApi -------------------------------------------------------------

  /** A message from the network (tests, the UI): stored in <mem3> and announced as AT+CNMI says. */
  receiveSms(sms: IncomingSms): SmsDelivery {
    return receiveSms(this, sms);
  }

  temperature(): number {
    this.#temp = Math.max(25, Math.min(60, this.#temp + this.rng.int(-1, 1)));
    return this.#temp;
  }

  setFunctionality(fun: 0 | 1 | 4): void {
    const prev = this.cfun;
    this.cfun = fun;
    if (fun !== 1) {
      this.network.stop();
      return;
    }
    if (prev === 0) this.simUrcs(true);
    else this.startNetwork(false);
  }

  unlockSim(): void {
    this.sim = 'ready';
    this.simUrcs(false);
  }

  reset(): void {
    this.later(this.options.zeroLatency ? 0 : 20, () => this.reboot());
  }

  powerDown(): void {
    this.urc('POWERED DOWN');
    this.later(this.options.zeroLatency ? 0 : 50, () => {
      this.powered = false;
      this.off();
    });
  }

  setGps(on: boolean): void {
    this.gps = on;
    if (this.#gpsTimer) clearInterval(this.#gpsTimer);
    this.#gpsTimer = null;
    if (!on) return;
    this.#gpsTimer = setInterval(() => {
      const nmea = this.endpoints.find((e) => e.role === 'nmea');
      nmea?.send(Buffer.from(nmeaEpoch(this.rng, this.index, Date.now()), 'latin1'));
    }, 1000);
  }

  resetChannel(channel: AtChannel): void {
    channel.resetSettings();
  }

  factoryChannel(channel: AtChannel): void {
    channel.settings = factorySettings(this.options.defaultCmee);
  }
}
