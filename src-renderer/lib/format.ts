/** Number and time formatting. Units always shown; callers right-align. */

export function fmtMs(ms: number | null | undefined): string {
  if (ms == null) return '—';
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 100_000 ? 1 : 0)} s`;
}

/** Elapsed for a running command: 0.4 s, 12.3 s, 2 min 05 s. */
export function fmtElapsed(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} min ${String(s).padStart(2, '0')} s`;
}

export function fmtMaxResponse(ms: number | null): string {
  if (ms == null) return 'max —';
  return ms >= 1000 ? `max ${ms / 1000} s` : `max ${ms} ms`;
}

export function fmtRelative(at: number | null, now: number): string {
  if (at == null) return '—';
  const d = Math.max(0, now - at);
  if (d < 2_000) return 'now';
  if (d < 60_000) return `${Math.floor(d / 1000)} s ago`;
  if (d < 3_600_000) return `${Math.floor(d / 60_000)} min ago`;
  return `${Math.floor(d / 3_600_000)} h ago`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 14:03:27.412 — the console gutter. */
export function fmtClock(at: number): string {
  const d = new Date(at);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "41 0D 0A" from "410d0a" (or passes through an already spaced dump). */
export function fmtHex(hex: string): string {
  if (/\s/.test(hex)) return hex.toUpperCase();
  return (hex.match(/.{1,2}/g) ?? []).join(' ').toUpperCase();
}

export function imeiTail(imei: string | null, n = 4): string {
  return imei ? imei.slice(-n) : '';
}

/** A figure with `d` decimals, or a dash when there is none. */
export function fmtFixed(x: number | null | undefined, d = 1): string {
  return x == null ? '—' : x.toFixed(d);
}
