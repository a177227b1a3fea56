/**
 * The only file that imports `serialport`: the OS binding it auto-detects
 * (Linux, macOS, Windows). Everything else talks to `SerialBinding`.
 */
import { SerialPort } from 'serialport';
import type { SerialBinding } from './binding';

export function realBinding(): SerialBinding {
  return SerialPort.binding as unknown as SerialBinding;
}
