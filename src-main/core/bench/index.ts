/** Bench: the modems in use, each with its ports, AT session and identity, over one pool and one controller. */
export * from './bench';
export * from './modem';
export * from './outcome';
