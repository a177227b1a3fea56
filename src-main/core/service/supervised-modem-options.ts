import type { ModemSet } from '../modem/modem-set';
import type { ModemPort } from '../modem/modem';
import type { HealthSnapshot } from '../health';
import type { Logger } from '../log';
import type { SignalSource } from '../qmi/signal-source';
import type { AttemptOutcome, Mutex, PortLocator } from '../recovery';
import type { ModemView, TimelineEventView } from '../../../src-preload/contract';
import type { SupervisedModem } from './supervised-modem';

export interface SupervisedModemOptions {
  label: string;
  simulated: boolean;
  simIndex: number | null;
  ports: ModemPort[];
  usb: ModemView['usb'];
  bench: ModemSet;
  locator: PortLocator;
  powerCycle: ((signal: AbortSignal) => Promise<void>) | null;
  hookMutex: Mutex | null;
  resetsPerHour: number;
  healthPollMs: number;
  onChange(e: SupervisedModem): void;
  onConsole(e: SupervisedModem): void;
  onTimeline(e: SupervisedModem, ev: TimelineEventView): void;
  /** Every attempt of every command, whatever its class (metrics, the status bar's counters). */
  onAttempt(e: SupervisedModem, o: AttemptOutcome): void;
  /** The engineer's lab tags for this IMEI (kept across restarts). @default none */
  labTags?: (imei: string | null) => string[];
  /** Every completed health poll (signal series). */
  onHealthSample(e: SupervisedModem, s: HealthSnapshot): void;
  /**
   * Health's signal source over QMI, made at each (re)supervise; where absent, a real modem's
   * discovered cdc-wdm is used, and a modem without one polls signal over AT. @default none
   */
  qmiSignal?: () => SignalSource;
  logger: Logger;
}
