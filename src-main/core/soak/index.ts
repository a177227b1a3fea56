/** Soak: the burn-in that proves recovery and health under faults, and counts what went wrong. */
export * from './soak';
export { QmiLoad } from './qmi-load';
export { ResourceWatch, heapGrowth, inspectorGc, type ResourceWatchOptions, type LoopSampler } from './resource-watch';
