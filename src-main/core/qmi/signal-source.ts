/**
 * Signal for health polls through QMI (NAS Get Signal Info), off the AT
 * queue: the modem's QMI port answers while its AT port is busy. The client
 * is opened on first use and dropped after a failure, so the next read
 * reopens it (a re-enumerated cdc-wdm, a simulator that came back).
 */
import { parseRequest } from './requests';
import { QmiClient } from './client';
import type { NasSignalInfo } from './requests';
import type { QmiTransport } from './transport';

export interface SignalReading {
  rat: string | null;
  rssiDbm: number | null;
  rsrp: number | null;
  rsrq: number | null;
  sinr: number | null;
}

/** What the health monitor needs: one reading, or a rejection (then it falls back to AT). */
export interface SignalSource {
  read(signal?: AbortSignal): Promise<SignalReading>;
  close(): Promise<void>;
}

export interface QmiSignalSourceOptions {
  /**
   * Timeout of one NAS Get Signal Info.
   * @default 5000
   */
  timeoutMs?: number;
}

/** The reading from NAS Get Signal Info fields: LTE first (SNR as SINR), else WCDMA/GSM RSSI. */
export function readingFromSignalInfo(f: NasSignalInfo): SignalReading {
  if (f.lte) return { rat: 'LTE', rssiDbm: f.lte.rssi, rsrp: f.lte.rsrp, rsrq: f.lte.rsrq, sinr: f.lte.snr };
  if (f.wcdma) return { rat: 'WCDMA', rssiDbm: f.wcdma.rssi, rsrp: null, rsrq: null, sinr: null };
  if (f.gsm) return { rat: 'GSM', rssiDbm: f.gsm.rssi, rsrp: null, rsrq: null, sinr: null };
  return { rat: null, rssiDbm: null, rsrp: null, rsrq: null, sinr: null };
}

export function qmiSignalSource(open: () => Promise<QmiTransport>, options: QmiSignalSourceOptions = {}): SignalSource {
  const timeoutMs = options.timeoutMs ?? 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`timeoutMs must be a positive number, got ${timeoutMs}`);
  let client: Promise<QmiClient> | null = null;
  let closed = false;
  const drop = async (): Promise<void> => {
    const c = client;
    client = null;
    await c?.then((x) => x.close()).catch(() => {});
  };
  return {
    async read(signal) {
      if (closed) throw new Error('signal source closed');
      client ??= open().then((t) => QmiClient.open(t, { timeoutMs }));
      try {
        const c = await client;
        if (c.closed) throw new Error(`${c.path} closed`);
        const a = await c.send(parseRequest('nas-get-signal-info'), { timeoutMs, signal });
        return readingFromSignalInfo(a.view.fields as NasSignalInfo);
      } catch (err) {
        await drop();
        throw err;
      }
    },
    async close() {
      closed = true;
      await drop();
    },
  };
}
