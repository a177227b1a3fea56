/** QMI over the bridge (issue 15): one request to a modem's QMI port and its decoded answer. */

/** Requests the modem page offers, named like qmicli's options. */
export const QMI_PAGE_REQUESTS = [
  'dms-get-ids',
  'nas-get-signal-info',
  'nas-get-serving-system',
  'wds-get-packet-service-status',
  'wds-get-current-settings',
  'wds-get-packet-statistics',
] as const;

export interface QmiResultView {
  request: string;
  ok: boolean;
  /** The QMI message name of the answer (`Get Signal Info`), when there was one. */
  message: string | null;
  latencyMs: number | null;
  /** Decoded TLV values (IMEI, dBm, PLMN {mcc, mnc, description} ...). */
  fields: Record<string, unknown>;
  /** Why not: no QMI port (Windows, or none found), permission, timeout, a QMI error name. */
  error: { code: string; message: string; qmiError?: string } | null;
}
