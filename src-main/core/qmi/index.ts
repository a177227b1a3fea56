/**
 * QMI: the modem's second control path (USB interface 4, /dev/cdc-wdmN under
 * qmi_wwan on Linux). Codec (QMUX frames, QMI headers, TLVs), decoded fields
 * of the CTL/DMS/NAS/WDS/UIM messages we use, typed requests, a client with
 * CID and transaction discipline, and a port over the character device.
 */
export * from './codec';
export * from './errors';
export * from './framer';
export * from './describe';
export { decodeFields, type DecodedFields } from './fields/index';
export { decodeNetworkName, unpackGsm7, packGsm7, TlvReader, TlvShortError, put } from './reader';
export { SERVICE_NAMES, MESSAGE_NAMES, INDICATION_NAMES, ERROR_NAMES } from './names';
export * from './requests';
export * from './transport';
export { QmiClient, type QmiClientOptions, type QmiRequestOptions, type QmiAnswer } from './client';
export { QmiFilePort, QmiPermissionDeniedError, type QmiFilePortOptions } from './port';
export { qmiSignalSource, readingFromSignalInfo, type SignalSource, type SignalReading, type QmiSignalSourceOptions } from './signal-source';
