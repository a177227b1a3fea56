/** The shapes a simulated modem shows the bench: its power/USB state and its ports. */
import type { PortRole } from './endpoint';

/**
 * `off`: no ports (powered off, unplugged, after AT+QPOWD). `enumerating`: between the ports
 * vanishing and coming back. `booting`: ports exist, AT is silent until RDY. `ready`: answers
 * (`stuck` after the stuck fault). `bricked`: QHSUSB__BULK, DM only, until a power cycle.
 */
export type SimModemState =
  | { state: 'off' }
  | { state: 'enumerating'; timer: ReturnType<typeof setTimeout>; bootAfter: boolean }
  | { state: 'booting'; timer: ReturnType<typeof setTimeout> }
  | { state: 'ready'; stuck: boolean }
  | { state: 'bricked' };

export interface SimPortInfo {
  path: string;
  interface: number;
  role: PortRole;
}

export interface SimPortsChange {
  modem: number;
  type: 'added' | 'removed';
  ports: SimPortInfo[];
}
