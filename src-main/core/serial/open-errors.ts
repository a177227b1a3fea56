import {
  type BenchError,
  DisconnectedError,
  PermissionDeniedError,
  PortBusyError,
  PortNotFoundError,
} from '../errors';
import type { BindingError } from './binding';

/**
 * Maps what a binding throws on open() to our typed errors. serialport's
 * native code reports errno only as text ("Error: Permission denied, cannot
 * open /dev/ttyUSB2", "Error Resource temporarily unavailable Cannot lock
 * port", "Opening COM7: Access denied"), so the message is read when there is
 * no `code`.
 */
export function classifyOpenError(path: string, err: unknown, platform: NodeJS.Platform = process.platform): BenchError {
  const e = err as BindingError;
  const code = typeof e?.code === 'string' ? e.code : '';
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'ENOENT' || /no such file|file not found|cannot find the file/i.test(msg)) return new PortNotFoundError(path, err);
  if (code === 'EBUSY' || code === 'EAGAIN' || /resource (temporarily unavailable|busy)|cannot lock port|device or resource busy/i.test(msg)) {
    return new PortBusyError(path, null, err);
  }
  if (code === 'EACCES' || code === 'EPERM' || /permission denied|access denied|access is denied/i.test(msg)) {
    // Windows reports a port held by another program as "Access denied".
    return platform === 'win32' ? new PortBusyError(path, null, err) : new PermissionDeniedError(path, err);
  }
  return new DisconnectedError(path, err);
}
