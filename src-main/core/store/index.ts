/**
 * Store: SQLite persistence of batch runs (runs, their modems, step results,
 * transcripts, recovery timelines), versioned migrations, interrupted-run
 * detection and resume, retention.
 */
export { RunStore, sha256, type ResumeInfo, type RetentionSettings, type RunStoreOptions, type RunSummary } from './store';
export { MIGRATIONS } from './migrations';
export { StoreError, isStoreError } from '../batch/errors';
