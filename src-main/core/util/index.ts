/** Small shared helpers of the core. */
export * from './emitter';
export * from './sleep';
export * from './json-file';
