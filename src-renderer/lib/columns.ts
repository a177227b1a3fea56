/** The bench table's columns: what can be shown, hidden and sorted. */
import type { ModemState, ModemView } from '../../src-preload/contract';
import { HEALTH_ORDER, healthOf } from './health';

export type ColumnKey =
  | 'label'
  | 'host'
  | 'imei'
  | 'model'
  | 'firmware'
  | 'iccid'
  | 'imsi'
  | 'operator'
  | 'rat'
  | 'band'
  | 'registration'
  | 'sim'
  | 'signal'
  | 'rsrp'
  | 'rsrq'
  | 'sinr'
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

/**
 * Widths are chosen so the default set fits 1280 px beside the rail with
 * Queue, Last seen and Ports on screen; the rest can be shown from Columns.
 */
export const COLUMNS: readonly Column[] = [
  { key: 'label', label: 'Slot / USB', width: 'minmax(80px, 0.8fr)', align: 'left', sortValue: (m) => m.labTags[0] ?? m.label, title: 'Lab slot name (your tags) or the simulator slot, and the USB location' },
  {
    key: 'host',
    label: 'Host',
    width: 'minmax(124px, 0.7fr)',
    align: 'left',
    sortValue: (m) => m.host ?? '',
    title: 'Bench host: this one (local) or a remote bench (host:port); shown when remote benches are added',
  },
  { key: 'imei', label: 'IMEI', width: '138px', align: 'left', sortValue: (m) => m.identity.imei },
  { key: 'state', label: 'State', width: '78px', align: 'left', sortValue: (m) => STATE_ORDER[m.state] },
  {
    key: 'health',
    label: 'Health',
    width: 'minmax(110px, 1fr)',
    align: 'left',
    // Within a health state, an open breaker and a higher error rate sort first.
    sortValue: (m) => {
      const h = healthOf(m);
      if (!h) return null;
      return HEALTH_ORDER[h] * 10 + (m.health?.breaker === 'open' ? 0 : m.health?.breaker === 'half-open' ? 1 : 2) + (1 - (m.health?.errorRate ?? 0)) * 0.9;
    },
    title: 'Health from the periodic poll (signal, registration, temperature, error rate, circuit breaker) and the first reason; hover for all of them.',
  },
  { key: 'model', label: 'Model', width: '56px', align: 'left', sortValue: (m) => m.identity.model },
  { key: 'firmware', label: 'Firmware', width: 'minmax(250px, 1.6fr)', align: 'left', sortValue: (m) => m.identity.revision ?? m.identity.firmware, title: 'Full revision with its sub-build (AT+QGMR)' },
  { key: 'iccid', label: 'ICCID', width: '172px', align: 'left', sortValue: (m) => m.identity.iccid },
  { key: 'imsi', label: 'IMSI', width: '130px', align: 'left', sortValue: (m) => m.identity.imsi },
  { key: 'operator', label: 'Operator', width: 'minmax(84px, 0.8fr)', align: 'left', sortValue: (m) => m.operator },
  { key: 'rat', label: 'RAT', width: '64px', align: 'left', sortValue: (m) => m.rat },
  { key: 'band', label: 'Band', width: '56px', align: 'right', sortValue: (m) => m.band, title: 'LTE band of the serving cell (AT+QENG="servingcell")' },
  { key: 'registration', label: 'Registration', width: '112px', align: 'left', sortValue: (m) => m.health?.registration ?? null, title: 'Network registration (AT+CEREG?)' },
  { key: 'sim', label: 'SIM', width: '84px', align: 'left', sortValue: (m) => m.simState, title: 'SIM state (AT+CPIN?)' },
  {
    key: 'signal',
    label: 'Signal',
    width: '136px',
    align: 'right',
    sortValue: (m) => m.signal?.rsrp ?? m.signal?.rssiDbm ?? null,
    title: 'RSRP when the modem reports it (LTE), else RSSI from AT+CSQ; bars 0-4',
  },
  { key: 'rsrp', label: 'RSRP', width: '76px', align: 'right', sortValue: (m) => m.signal?.rsrp ?? null, title: 'Reference signal received power, dBm' },
  { key: 'rsrq', label: 'RSRQ', width: '66px', align: 'right', sortValue: (m) => m.signal?.rsrq ?? null, title: 'Reference signal received quality, dB' },
  { key: 'sinr', label: 'SINR', width: '62px', align: 'right', sortValue: (m) => m.signal?.sinr ?? null, title: 'Signal to interference and noise, dB' },
  { key: 'temp', label: 'Temp', width: '60px', align: 'right', sortValue: (m) => m.temperatureC },
  { key: 'queue', label: 'Queue', width: '58px', align: 'right', sortValue: (m) => m.queueDepth, title: 'Commands waiting for this modem' },
  { key: 'lastSeen', label: 'Last seen', width: '78px', align: 'right', sortValue: (m) => m.lastSeen },
  { key: 'ports', label: 'Ports', width: 'minmax(90px, 0.7fr)', align: 'left', sortValue: (m) => m.ports[0]?.path ?? null },
];

export const DEFAULT_HIDDEN: ColumnKey[] = ['iccid', 'imsi', 'rat', 'band', 'registration', 'sim', 'rsrp', 'rsrq', 'sinr', 'temp'];

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
      m.simState,
      m.band != null ? `band ${m.band}` : null,
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
