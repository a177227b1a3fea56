/** What command handlers see of a modem, and the handler shape. */
import type { AtChannel } from '../channel';
import type { AtCommand } from '../command-line';
import type { SimIdentity } from '../identity';
import type { SimNetwork } from '../network';
import type { LatencyClass } from '../options';
import type { VoiceCalls } from '../voice';
import type { ModemExtras } from './extras';
import type { Final } from '../wire';

export type SimCardState = 'ready' | 'pin' | 'absent';
export type UrcPort = 'usbat' | 'usbmodem' | 'uart1' | 'uart2' | 'all';

export interface PdpContext {
  type: string;
  apn: string;
}

/** Mutable modem state the handlers read and write; cleared by a reboot. */
export interface ModemApi {
  readonly index: number;
  readonly identity: SimIdentity;
  readonly network: SimNetwork;
  readonly simPin: string;
  sim: SimCardState;
  /** AT+CSCS character set of strings in responses. */
  charset: 'GSM' | 'IRA' | 'UCS2';
  /** Status, phonebook and other volatile command settings (extras.ts). */
  extras: ModemExtras;
  /** AT+CLCK "SC": whether the SIM asks for its PIN at power-on. */
  readonly simLocked: boolean;
  setSimLock(on: boolean): void;
  cfun: 0 | 1 | 4;
  urcPort: UrcPort;
  usbnet: number;
  smsTextMode: boolean;
  smsRef: number;
  /** An unsolicited line to the URC port (AT+QURCCFG), e.g. `+CMTI:` when an SMS arrives. */
  urc(line: string): void;
  contexts: Map<number, PdpContext>;
  gps: boolean;
  /** Temperatures drift with the radio; read by AT+QTEMP. */
  temperature(): number;
  /** CFUN transitions with their URCs and registration effects. */
  setFunctionality(fun: 0 | 1 | 4): void;
  /** A correct AT+CPIN=<pin>: READY, then the SIM-ready URCs. */
  unlockSim(): void;
  /** AT+CFUN=1,1 after its OK. */
  reset(): void;
  /** AT+QPOWD after its OK: POWERED DOWN, then gone. */
  powerDown(): void;
  setGps(on: boolean): void;
  /** ATZ: this channel back to the saved profile. */
  resetChannel(channel: AtChannel): void;
  /** AT&F: this channel back to the factory settings (the profile is kept). */
  factoryChannel(channel: AtChannel): void;
  /** The voice call, if any (voice.ts). */
  readonly voice: VoiceCalls;
  /** Rings the modem as if `from` called (the test-only AT+SIMCALL). */
  incomingCall(from: string): boolean;
  /** AT&W: this channel's settings become the profile loaded at power-on and by ATZ. */
  saveProfile(channel: AtChannel): void;
}

/** A handler's answer; anything left out defaults to no lines, OK, `short` latency. */
export interface HandlerResult {
  lines?: string[];
  final?: Final;
  latency?: LatencyClass;
  after?: () => void;
}

export type Handler = (modem: ModemApi, channel: AtChannel, cmd: AtCommand) => HandlerResult | Final;

export type HandlerTable = Readonly<Record<string, Handler>>;
