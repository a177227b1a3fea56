/** Service: the application core behind the bridge, and the dispatcher that maps the contract onto it. */
export * from './app';
export * from './dispatcher';
export * from './paths';
export * from './settings';
export * from './security';
export * from './sim-locator';
export * from './subscription';
