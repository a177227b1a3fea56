/** Serial: the binding seam, one handle per open port, the pool that owns them all, transcripts. */
export * from './binding';
export * from './open-errors';
export * from './port';
export * from './pool';
export * from './transcript';
