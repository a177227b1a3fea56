import type { Logger } from '../log';
import type { SerialBinding } from '../serial/binding';
import type { ModemSimulatorOptions } from '../sim';

export interface AppServiceOptions {
  version: string;
  /** Settings file lives here; null keeps settings in memory (tests). */
  dataDir: string | null;
  logDir: string;
  logFile: string | null;
  logger: Logger;
  /** Binding for real ports given by path. @default null (no real ports) */
  realBinding?: SerialBinding | null;
  /** Real AT ports to attach at start. @default [] */
  ports?: string[];
  /** Coalescing interval for bench deltas and status (ms); at most 4 a second. @default 250 */
  eventIntervalMs?: number;
  /** Coalescing interval for console lines (ms). @default 100 */
  consoleIntervalMs?: number;
  /** Opens a path in the OS file manager (Electron's shell); absent in headless mode. @default undefined */
  reveal?: (path: string) => Promise<boolean>;
  /** Extra simulator options for simulated benches (tests turn latency off). @default {} */
  simOptions?: Omit<ModemSimulatorOptions, 'count' | 'seed' | 'faults'>;
  /** SQLite file of the run history; null: batch runs are not available. @default null */
  runsDb?: string | null;
  /** The shipped example batch files. @default null */
  examplesDir?: string | null;
  /** Metrics (histograms, throughput, process figures) reach the renderer this often (ms). @default 500 */
  metricsIntervalMs?: number;
  /**
   * External power cycle for real modems (the ladder's last step before "failed"): a shell
   * command with {location}, {usbSerial}, {imei}, {label}. Set from the command line or the
   * environment only, never from the UI: whoever can change it can run commands. @default null
   */
  powerCycleCommand?: string | null;
}
