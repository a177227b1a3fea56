/** The bridge contract: isomorphic (no node, no electron, no DOM). */
export * from './batch';
export * from './channels';
export * from './client';
export * from './command-status';
export * from './commands';
export * from './csv';
export * from './dangerous';
export * from './safe-regex';
export * from './domain';
export * from './events';
export * from './fleet';
export * from './metrics';
export * from './qmi';
export * from './recovery';
export * from './result';
export * from './wire';
