import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsPatch } from '../../../src-preload/contract';
import { DEFAULT_SETTINGS, SettingsStore } from '../../../src-main/core/service/settings';

describe('settings: recovery.maxRetries is gone (a step\'s retries are the one retry layer)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a file saved by an older version with maxRetries still loads, its other values kept, and is saved without it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    dirs.push(dir);
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ healthPollMs: 5000, recovery: { maxRetries: 7, resetsPerHour: 2 } }));
    const store = new SettingsStore(file);
    expect(store.loadProblem).toBe(null);
    expect(store.get().recovery).toEqual({ resetsPerHour: 2 });
    expect(store.get().healthPollMs).toBe(5000);
    store.update({ theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8')).recovery).toEqual({ resetsPerHour: 2 });
  });

  it('the defaults and the contract no longer know it: a patch with it is refused', () => {
    expect(DEFAULT_SETTINGS.recovery).toEqual({ resetsPerHour: 4 });
    expect(v.safeParse(settingsPatch, { recovery: { maxRetries: 3 } }).success).toBe(false);
    expect(v.safeParse(settingsPatch, { recovery: { resetsPerHour: 3 } }).success).toBe(true);
  });
});
