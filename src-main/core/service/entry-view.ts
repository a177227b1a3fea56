/** How a modem's trace, timeline and signal look on the bench's screens (the entry's view helpers). */
import type { TraceEvent } from '../at/session';
import type { HealthSnapshot } from '../health';
import type { TimelineEvent } from '../recovery';
import type { ConsoleKind, ModemView, SignalView, TimelineEventView } from '../../../src-preload/contract';

export const TRACE_KIND: Record<TraceEvent['kind'], ConsoleKind> = {
  tx: 'tx',
  echo: 'rx',
  info: 'rx',
  final: 'rx',
  prompt: 'rx',
  urc: 'urc',
  late: 'late',
  unsolicited: 'late',
  garbage: 'garbage',
};

/** Final result codes that are failures (verbose, and ERROR in ATV0's numeric form). */
export const ERROR_FINAL = /^(ERROR|\+CM[ES] ERROR\b|NO CARRIER|BUSY|NO ANSWER|NO DIALTONE|4)\s*(:|$)/;

export function timelineView(e: TimelineEvent): TimelineEventView {
  return { seq: e.seq, at: e.at, kind: e.kind, step: e.step ?? null, cause: e.cause ?? null, detail: e.detail ?? null };
}

/** Bars from RSRP when known (LTE), else from RSSI. */
export function bars(s: SignalView): number {
  if (s.rsrp !== null) return s.rsrp >= -85 ? 4 : s.rsrp >= -95 ? 3 : s.rsrp >= -105 ? 2 : s.rsrp >= -115 ? 1 : 0;
  if (s.rssiDbm !== null) return s.rssiDbm >= -73 ? 4 : s.rssiDbm >= -83 ? 3 : s.rssiDbm >= -93 ? 2 : s.rssiDbm >= -103 ? 1 : 0;
  return 0;
}

/** The health monitor's last poll as the modem's row shows it. */
export function healthView(h: HealthSnapshot | null): Pick<ModemView, 'signal' | 'rat' | 'temperatureC' | 'health'> {
  const signal: SignalView | null =
    h && (h.rssiDbm !== null || h.rsrp !== null) ? { csq: null, rssiDbm: h.rssiDbm, rsrp: h.rsrp, rsrq: h.rsrq, sinr: h.sinr, bars: 0, at: h.at } : null;
  if (signal) signal.bars = bars(signal);
  return {
    signal,
    rat: h?.rat ?? null,
    temperatureC: h?.temperatureC ?? null,
    health: h ? { state: h.state, reasons: h.reasons, breaker: h.breaker, recoveryStep: h.recoveryStep, errorRate: h.errorRate, registration: h.registration } : null,
  };
}
