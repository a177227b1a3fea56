/** Logging: pino into a size-rotated file in the OS log directory. */
export * from './logger';
export * from './rotating-file';
