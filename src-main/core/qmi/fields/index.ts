/**
 * Decoded values of the TLVs we know, per service and message. A TLV we do
 * not know stays generic (type, length, hex) in `describe`; one that is too
 * short for its layout is reported in `errors` and the others still decode.
 */
import type { QmiMessage } from '../codec';
import { TlvReader, TlvShortError } from '../reader';
import { DMS_FIELDS } from './dms';
import { NAS_FIELDS } from './nas';
import type { ServiceFields } from './types';
import { CTL_FIELDS, UIM_FIELDS, WDS_FIELDS } from './wds-uim-ctl';

const BY_SERVICE: Record<number, ServiceFields> = { 0: CTL_FIELDS, 1: WDS_FIELDS, 2: DMS_FIELDS, 3: NAS_FIELDS, 11: UIM_FIELDS };

export interface DecodedFields {
  fields: Record<string, unknown>;
  /** TLVs whose value did not fit their layout. */
  errors: { tlv: number; error: string }[];
  /** TLV types decoded into `fields`. */
  known: number[];
}

export function decodeFields(m: QmiMessage): DecodedFields {
  const decoders = BY_SERVICE[m.serviceId]?.[m.messageId]?.[m.type];
  const out: DecodedFields = { fields: {}, errors: [], known: [] };
  for (const t of m.tlvs) {
    if (t.type === 0x02 && m.type === 'response') continue; // the result, shown on its own
    const dec = decoders?.[t.type];
    if (!dec) continue;
    try {
      const [name, value] = dec(new TlvReader(t.value));
      out.fields[name] = value;
      out.known.push(t.type);
    } catch (err) {
      if (!(err instanceof TlvShortError) && !(err instanceof RangeError)) throw err;
      out.errors.push({ tlv: t.type, error: err.message });
    }
  }
  return out;
}
