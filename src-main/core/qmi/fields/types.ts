import type { TlvReader } from '../reader';

export type FieldValue = unknown;
/** One TLV's decoder: the field name and its value. */
export type TlvDecoder = (r: TlvReader) => [string, FieldValue];
/** Decoders of one message, per direction, keyed by TLV type. */
export interface MessageFields {
  request?: Record<number, TlvDecoder>;
  /** Responses and indications of the same id share their TLVs. */
  response?: Record<number, TlvDecoder>;
  indication?: Record<number, TlvDecoder>;
}
export type ServiceFields = Record<number, MessageFields>;
