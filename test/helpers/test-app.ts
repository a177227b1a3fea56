/**
 * An AppService for a test, driven through its dispatcher: started in a
 * temporary data directory (ended with closeTestApps in afterEach), a
 * dispatcher result's value (or a throw with its error), and the next event
 * on a channel that a predicate accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { AppService, type AppServiceOptions, createDispatcher } from '../../src-main/core/service';
import { ModemSimulator } from '../../src-main/core/sim';
import type { EventMap } from '../../src-preload/contract';

const apps: AppService[] = [];
const dirs: string[] = [];

/**
 * A started app with its data and logs in `dir` (a new temporary one by default); `options`
 * are given the directory (a run history inside it, say).
 */
export async function openTestApp(
  options: (dir: string) => Partial<AppServiceOptions> = () => ({}),
  dir?: string,
): Promise<{ app: AppService; d: ReturnType<typeof createDispatcher>; dir: string }> {
  let where = dir;
  if (where === undefined) dirs.push((where = mkdtempSync(join(tmpdir(), 'mb-test-app-'))));
  const app = new AppService({ version: 't', dataDir: where, logDir: where, logFile: null, logger: pino({ level: 'silent' }), ...options(where) });
  apps.push(app);
  await app.start();
  return { app, d: createDispatcher(app), dir: where };
}

/** Stops one app now (a later closeTestApps leaves it alone). */
export async function stopTestApp(app: AppService): Promise<void> {
  const i = apps.indexOf(app);
  if (i >= 0) apps.splice(i, 1);
  await app.stop();
}

/** Stops every app openTestApp started, the simulators they ran, and removes their directories. */
export async function closeTestApps(): Promise<void> {
  for (const a of apps.splice(0)) await a.stop();
  await ModemSimulator.disposeAll();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The value of a dispatcher result; throws with the error when it failed. */
export async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

/** Resolves with the first event on `channel` that `pred` accepts (listen before the action that causes it). */
export function nextEvent<E extends keyof EventMap>(a: AppService, channel: E, pred: (p: EventMap[E]) => boolean): Promise<EventMap[E]> {
  return new Promise((resolve) => {
    const off = a.events.on((e) => {
      if (e.channel === channel && pred(e.payload as EventMap[E])) {
        off();
        resolve(e.payload as EventMap[E]);
      }
    });
  });
}
