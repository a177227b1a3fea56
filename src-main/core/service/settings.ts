import { readFileSync } from 'node:fs';
import { setAside, writeJsonAtomic } from '../util/json-file';
import * as v from 'valibot';
import { settingsPatch, type SettingsPatch, type SettingsView } from '../../../src-preload/contract';

export const DEFAULT_SETTINGS: SettingsView = {
  timeouts: { short: 5_000, cfun: 15_000, cops: 180_000, cgatt: 140_000, long: 60_000 },
  healthPollMs: 30_000,
  recovery: { resetsPerHour: 4 },
  theme: 'system',
};

export function mergeSettings(base: SettingsView, patch: SettingsPatch): SettingsView {
  return {
    timeouts: { ...base.timeouts, ...stripUndefined(patch.timeouts ?? {}) },
    healthPollMs: patch.healthPollMs ?? base.healthPollMs,
    recovery: { ...base.recovery, ...stripUndefined(patch.recovery ?? {}) },
    theme: patch.theme ?? base.theme,
  };
}

/**
 * Keys an older version saved that mean nothing now: dropped on load rather
 * than setting the whole file aside. `recovery.maxRetries` went when retries
 * became the batch step's `retries` alone (nothing re-sends silently).
 */
function withoutRetired(raw: unknown): unknown {
  const rec = (raw as { recovery?: unknown } | null)?.recovery;
  if (rec && typeof rec === 'object' && 'maxRetries' in rec) {
    const { maxRetries: _retired, ...rest } = rec as Record<string, unknown>;
    return { ...(raw as object), recovery: rest };
  }
  return raw;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as Partial<T>;
}

/**
 * Settings persisted as JSON in the app's data directory. A file that is
 * unreadable or invalid is set aside (never silently overwritten) and the
 * defaults apply.
 */
export class SettingsStore {
  #current: SettingsView;
  readonly file: string | null;
  /** Set when the file on disk could not be used; says why. */
  readonly loadProblem: string | null = null;

  constructor(file: string | null) {
    this.file = file;
    this.#current = structuredClone(DEFAULT_SETTINGS);
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      const parsed = v.parse(settingsPatch, withoutRetired(JSON.parse(text)));
      this.#current = mergeSettings(this.#current, parsed);
    } catch (err) {
      const aside = setAside(file);
      this.loadProblem = `settings file ${file} was invalid (${(err as Error).message.slice(0, 200)}); kept as ${aside}, using defaults`;
    }
  }

  get(): SettingsView {
    return structuredClone(this.#current);
  }

  update(patch: SettingsPatch): SettingsView {
    this.#current = mergeSettings(this.#current, patch);
    if (this.file) writeJsonAtomic(this.file, this.#current);
    return this.get();
  }
}
