/** Concurrency: per-modem FIFO, a global limit and priority classes with aging. */
export * from './controller';
