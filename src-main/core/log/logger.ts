import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { RotatingFile, type RotatingFileOptions } from './rotating-file';

export type { Logger } from 'pino';

export interface AppLogger {
  logger: Logger;
  file: string | null;
  close(): void;
}

/** Structured JSON logs (pino) into `<logDir>/modem-bench.log`, rotated by size; or silent when no dir is given. */
export function createLogger(logDir: string | null, options: RotatingFileOptions & { level?: string } = {}): AppLogger {
  if (!logDir) return { logger: pino({ level: 'silent' }), file: null, close: () => undefined };
  const file = join(logDir, 'modem-bench.log');
  const dest = new RotatingFile(file, options);
  const logger = pino({ level: options.level ?? 'info', base: { pid: process.pid } }, dest);
  return { logger, file, close: () => dest.close() };
}
