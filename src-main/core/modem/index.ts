/** Bench: the modems in use, each with its ports, AT session and identity, over one pool and one controller. */
export * from '../modem/modem-set';
export * from '../modem/modem';
export * from '../modem/outcome';
