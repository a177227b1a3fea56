import type { Bench } from '../bench/bench';
import type { ModemPort } from '../bench/modem';
import type { HealthSnapshot } from '../health';
import type { Logger } from '../log';
import type { SignalSource } from '../qmi/signal-source';
import type { AttemptOutcome, Mutex, PortLocator } from '../recovery';
import type { ModemView, TimelineEventView } from '../../../src-preload/contract';
import type { ModemEntry } from './modem-entry';

export interface ModemEntryOptions {
  label: string;
  simulated: boolean;
  simIndex: number | null;
  ports: ModemPort[];
  usb: ModemView['usb'];
  bench: Bench;
  locator: PortLocator;
  powerCycle: ((signal: AbortSignal) => Promise<void>) | null;
  hookMutex: Mutex | null;
  resetsPerHour: number;
  healthPollMs: number;
  onChange(e: ModemEntry): void;
  onConsole(e: ModemEntry): void;
  onTimeline(e: ModemEntry, ev: TimelineEventView): void;
  /** Every attempt of every command, whatever its class (metrics, the status bar's counters). */
  onAttempt(e: ModemEntry, o: AttemptOutcome): void;
  /** The engineer's lab tags for this IMEI (kept across restarts). @default none */
  labTags?: (imei: string | null) => string[];
  /** Every completed health poll (signal series). */
  onHealthSample(e: ModemEntry, s: HealthSnapshot): void;
  /**
   * Health's signal source over QMI, made at each (re)supervise; where absent, a real modem's
   * discovered cdc-wdm is used, and a modem without one polls signal over AT. @default none
   */
  qmiSignal?: () => SignalSource;
  logger: Logger;
}
