/**
 * Batch runs: the batch file format (YAML + JSON Schema + semantic checks,
 * errors with file/line/column), the condition mini language, the runner
 * (modems in parallel, steps in order, pause/resume/cancel, modems that come
 * and go), results, exports (JSON, CSV, JUnit) and run comparison.
 */
export { BATCH_SCHEMA } from './schema';
export { loadBatchFile, parseBatch, parseDuration, type BatchLoadOptions } from './format';
export { parseCondition, evaluateCondition, resolveRef, ConditionSyntaxError, type CondNode, type ConditionScope, type ConditionResult } from './condition';
export * from './plan';
export * from './results';
export { selectTargets, patternMatcher } from './select';
export { resumeTargets, runEndStatus } from './resume';
export { BatchRunner, interpolate, type BatchRunnerOptions, type RunnerState } from './runner';
export { toJson, toCsv, toJUnit, csvField, xmlEscape, fullMatrix, CSV_COLUMNS } from './export';
export { compareRuns, compareByFirmware, stats, median, type RunComparison, type StepComparison, type StepStats, type OutcomeChange, type FirmwareGroup } from './compare';
export { BatchError, BatchFileError, StoreError, formatProblem, isBatchError, isBatchFileError, isStoreError, type BatchFileProblem, type BatchErrorCode, type StoreErrorReason } from './errors';
