import { describe, expect, it } from 'vitest';
import { runEta } from '../../../src-renderer/lib/run-matrix';

describe('runEta', () => {
  it('claims nothing before a second of the run has passed, even when a burst of quick steps is done (CI saw "0.0 s + ETA 0.0 s")', () => {
    expect(runEta({ elapsedMs: 0, done: 96, total: 1056, live: true, paused: false })).toBeNull();
    expect(runEta({ elapsedMs: 999, done: 96, total: 1056, live: true, paused: false })).toBeNull();
  });
  it('is the remaining steps at the pace so far once there is a pace', () => {
    expect(runEta({ elapsedMs: 2000, done: 500, total: 1000, live: true, paused: false })).toBe(2000);
  });
  it('is absent when nothing is done, all is done, the run is paused or not live', () => {
    expect(runEta({ elapsedMs: 5000, done: 0, total: 10, live: true, paused: false })).toBeNull();
    expect(runEta({ elapsedMs: 5000, done: 10, total: 10, live: true, paused: false })).toBeNull();
    expect(runEta({ elapsedMs: 5000, done: 5, total: 10, live: true, paused: true })).toBeNull();
    expect(runEta({ elapsedMs: 5000, done: 5, total: 10, live: false, paused: false })).toBeNull();
  });
});
