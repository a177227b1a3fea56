/**
 * The AT layer: bytes to lines (framer), lines to finals and URCs (result codes, URC
 * registry), command names (command, catalogue), and typed parsers.
 */
export * from './types';
export * from './framer';
export * from './result-codes';
export * from './cme';
export * from './command';
export * from './urc';
export * from './catalogue';
export * from './parsers';
export * from './session';
