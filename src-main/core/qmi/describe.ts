/**
 * A message as people and scripts read it (the `qmi decode` JSON): names of
 * the service and message, TLVs as hex, the result, and decoded fields.
 */
import { resultOf, type QmiMessage } from './codec';
import { qmiErrorName } from './errors';
import { decodeFields } from './fields/index';
import { INDICATION_NAMES, MESSAGE_NAMES, SERVICE_NAMES } from './names';

export interface QmiMessageView {
  service: string;
  serviceId: number;
  clientId: number;
  type: QmiMessage['type'];
  transactionId: number;
  messageId: number;
  message: string | null;
  tlvs: { type: number; length: number; hex: string }[];
  result?: { ok: boolean; error: string | null; errorCode: number };
  fields: Record<string, unknown>;
  fieldErrors?: { tlv: number; error: string }[];
}

export function serviceName(id: number): string {
  return SERVICE_NAMES[id] ?? `unknown-0x${id.toString(16).padStart(2, '0')}`;
}

export function messageName(serviceId: number, type: QmiMessage['type'], messageId: number): string | null {
  const table = type === 'indication' ? INDICATION_NAMES : MESSAGE_NAMES;
  return table[serviceId]?.[messageId] ?? (type === 'indication' ? (MESSAGE_NAMES[serviceId]?.[messageId] ?? null) : null);
}

export function describeMessage(m: QmiMessage): QmiMessageView {
  const d = decodeFields(m);
  const view: QmiMessageView = {
    service: serviceName(m.serviceId),
    serviceId: m.serviceId,
    clientId: m.clientId,
    type: m.type,
    transactionId: m.transactionId,
    messageId: m.messageId,
    message: messageName(m.serviceId, m.type, m.messageId),
    tlvs: m.tlvs.map((t) => ({ type: t.type, length: t.value.length, hex: t.value.toString('hex') })),
    fields: d.fields,
  };
  if (m.type === 'response') {
    const r = resultOf(m);
    view.result = r ? { ok: r.ok, error: r.ok ? null : qmiErrorName(r.errorCode), errorCode: r.errorCode } : { ok: false, error: 'missing-result-tlv', errorCode: -1 };
  }
  if (d.errors.length > 0) view.fieldErrors = d.errors;
  return view;
}

/** One line: `DMS response Get IDs (0x0025) client 1 tx 1: ok imei=...`. */
export function messageLine(v: QmiMessageView): string {
  const head = `${v.service} ${v.type} ${v.message ?? 'unknown message'} (0x${v.messageId.toString(16).padStart(4, '0')}) client ${v.clientId} tx ${v.transactionId}`;
  const parts: string[] = [];
  if (v.result) parts.push(v.result.ok ? 'ok' : `error ${v.result.error}`);
  for (const [k, val] of Object.entries(v.fields)) parts.push(`${k}=${typeof val === 'object' ? JSON.stringify(val) : String(val)}`);
  const undecoded = v.tlvs.filter((t) => !(t.type === 0x02 && v.result)).length - Object.keys(v.fields).length;
  if (undecoded > 0) parts.push(`(+${undecoded} TLV(s) not decoded)`);
  return parts.length > 0 ? `${head}: ${parts.join(' ')}` : head;
}
