/** Every event the core pushes to the renderer. All are coalesced in the main process. */
import type { BenchStatusView, ConsoleEntry, ModemView, SettingsView, TimelineEventView } from './domain';

export interface EventMap {
  /** Modems that changed (added or updated) and ones that left, at most 4 times a second. */
  'bench.delta': { upserted: ModemView[]; removed: string[] };
  /** Bench-wide figures for the status bar, at most 4 times a second. */
  'bench.status': BenchStatusView;
  /** New console lines of one modem, at most every 100 ms per modem. */
  'console.entries': { modemId: string; entries: ConsoleEntry[] };
  'settings.changed': SettingsView;
  /** New timeline entries of one modem (recoveries, reboots, breaker changes). */
  'modem.timeline': { modemId: string; events: TimelineEventView[] };
}

export type EventName = keyof EventMap;

export const EVENT_CHANNELS: readonly EventName[] = ['bench.delta', 'bench.status', 'console.entries', 'settings.changed', 'modem.timeline'];

export function isEventName(x: unknown): x is EventName {
  return typeof x === 'string' && (EVENT_CHANNELS as readonly string[]).includes(x);
}
