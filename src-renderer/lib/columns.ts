/** The bench table's columns: what can be shown, hidden and sorted. */
import type { ModemState, ModemView } from '../../src-preload/contract';
import { HEALTH_ORDER, healthOf } from './health';

export type ColumnKey =
  | 'label'
  | 'imei'
  | 'model'
  | 'firmware'
  | 'iccid'
  | 'operator'
  | 'rat'
  | 'signal'
  | 'temp'
  | 'state'
  | 'health'
  | 'queue'
  | 'lastSeen'
  | 'ports';

export interface Column {
  key: ColumnKey;
  label: string;
  /** CSS grid track. */
  width: string;
  align: 'left' | 'right';
  sortValue: (m: ModemView) => string | number | null;
  title?: string;
}

const STATE_ORDER: Record<ModemState, number> = { failed: 0, recovering: 1, offline: 2, opening: 3, busy: 4, idle: 5 };

export const COLUMNS: readonly Column[] = [
  { key: 'label', label: 'Slot / USB', width: 'minmax(118px, 1fr)', align: 'left', sortValue: (m) => m.label },
  { key: 'imei', label: 'IMEI', width: '142px', align: 'left', sortValue: (m) => m.identity.imei },
  { key: 'state', label: 'State', width: '100px', align: 'left', sortValue: (m) => STATE_ORDER[m.state] },
  {
    key: 'health',
    label: 'Health',
    width: '170px',
    align: 'left',
    // Within a health state, an open breaker and a higher error rate sort first.
    sortValue: (m) => {
      const h = healthOf(m);
      if (!h) return null;
      return HEALTH_ORDER[h] * 10 + (m.health?.breaker === 'open' ? 0 : m.health?.breaker === 'half-open' ? 1 : 2) + (1 - (m.health?.errorRate ?? 0)) * 0.9;
    },
    title: 'Health from the periodic poll: signal, registration, temperature, error rate, circuit breaker. Hover for the reasons.',
  },
  { key: 'model', label: 'Model', width: '76px', align: 'left', sortValue: (m) => m.identity.model },
  { key: 'firmware', label: 'Firmware', width: 'minmax(196px, 1.6fr)', align: 'left', sortValue: (m) => m.identity.revision ?? m.identity.firmware },
  { key: 'iccid', label: 'ICCID', width: '178px', align: 'left', sortValue: (m) => m.identity.iccid },
  { key: 'operator', label: 'Operator', width: 'minmax(96px, 0.9fr)', align: 'left', sortValue: (m) => m.operator },
  { key: 'rat', label: 'RAT', width: '84px', align: 'left', sortValue: (m) => m.rat },
  { key: 'signal', label: 'Signal', width: '108px', align: 'right', sortValue: (m) => m.signal?.rssiDbm ?? null, title: 'RSSI from AT+CSQ, bars 0-4' },
  { key: 'temp', label: 'Temp', width: '60px', align: 'right', sortValue: (m) => m.temperatureC },
  { key: 'queue', label: 'Queue', width: '56px', align: 'right', sortValue: (m) => m.queueDepth, title: 'Commands waiting for this modem' },
  { key: 'lastSeen', label: 'Last seen', width: '80px', align: 'right', sortValue: (m) => m.lastSeen },
  { key: 'ports', label: 'Ports', width: 'minmax(124px, 1fr)', align: 'left', sortValue: (m) => m.ports[0]?.path ?? null },
];

export const DEFAULT_HIDDEN: ColumnKey[] = ['iccid'];

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Nulls last whatever the direction, so "unknown" never crowds the top. */
export function compareBy(col: Column, dir: 1 | -1) {
  return (a: ModemView, b: ModemView): number => {
    const va = col.sortValue(a);
    const vb = col.sortValue(b);
    if (va == null && vb == null) return collator.compare(a.label, b.label);
    if (va == null) return 1;
    if (vb == null) return -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return c === 0 ? collator.compare(a.label, b.label) : c * dir;
  };
}

const ROLE_SHORT: Record<string, string> = { at: 'AT', 'at-secondary': 'AT2', nmea: 'GPS', diag: 'DM', qmi: 'QMI', unknown: '?' };

const ROLE_ORDER: Record<string, number> = { at: 0, 'at-secondary': 1, nmea: 2, diag: 3, qmi: 4, unknown: 5 };

/** AT port first: it is the one an engineer looks for. */
export function sortedPorts<P extends { role: string; path: string }>(ports: readonly P[]): P[] {
  return [...ports].sort((a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) || a.path.localeCompare(b.path));
}

export function portRoleShort(role: string): string {
  return ROLE_SHORT[role] ?? role;
}

/** /dev/ttyUSB2 -> ttyUSB2, COM7 stays. */
export function portShort(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

const haystacks = new WeakMap<ModemView, string>();

/** What the filter box and the palette search: everything an engineer might type. */
export function haystack(m: ModemView): string {
  let h = haystacks.get(m);
  if (h === undefined) {
    const id = m.identity;
    h = [
      m.id,
      m.label,
      id.imei,
      id.model,
      id.manufacturer,
      id.firmware,
      id.revision,
      id.iccid,
      id.imsi,
      m.operator,
      m.rat,
      m.state,
      m.reason,
      m.health?.state,
      ...(m.health?.reasons ?? []),
      m.health && m.health.breaker !== 'closed' ? `circuit ${m.health.breaker}` : null,
      m.usb?.location,
      m.usb?.serialNumber,
      ...m.ports.map((p) => p.path),
      ...m.tags,
      m.simulated ? 'simulated' : 'real',
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    haystacks.set(m, h);
  }
  return h;
}

export function matchesFilter(m: ModemView, tokens: string[]): boolean {
  if (tokens.length === 0) return true;
  const h = haystack(m);
  return tokens.every((t) => h.includes(t));
}

export function filterTokens(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}
