/** Recovery: retry policies by error class, the per-modem circuit breaker, the escalation ladder and the timeline. */
export * from './breaker';
export * from './locator';
export * from './mutex';
export * from './policy';
export * from './supervisor';
export * from './timeline';
export * from './power-hook';
