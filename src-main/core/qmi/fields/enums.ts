/**
 * Value names for the enums the decoded fields show, as libqmi names them
 * (data from libqmi 972c8b78, `src/libqmi-glib/qmi-enums-{nas,dms,wds,uim}.h`).
 */
export const RADIO_INTERFACE: Record<number, string> = {
  [-1]: 'unknown', 0: 'none', 1: 'cdma-1x', 2: 'cdma-1xevdo', 3: 'amps', 4: 'gsm', 5: 'umts', 8: 'lte', 9: 'td-scdma', 12: '5gnr',
};
export const REGISTRATION_STATE: Record<number, string> = {
  0: 'not-registered', 1: 'registered', 2: 'not-registered-searching', 3: 'registration-denied', 4: 'unknown',
};
export const ATTACH_STATE: Record<number, string> = { 0: 'unknown', 1: 'attached', 2: 'detached' };
export const NETWORK_TYPE: Record<number, string> = { 0: 'unknown', 1: '3gpp2', 2: '3gpp' };
export const ROAMING: Record<number, string> = { 0: 'on', 1: 'off' };
export const SERVICE_STATUS: Record<number, string> = { 0: 'none', 1: 'limited', 2: 'available', 3: 'limited-regional', 4: 'power-save' };
export const SERVICE_DOMAIN: Record<number, string> = { 0: 'none', 1: 'cs', 2: 'ps', 3: 'cs-ps', 4: 'camped' };
export const NETWORK_STATUS_BITS: [number, string][] = [
  [0x01, 'current-serving'], [0x02, 'available'], [0x04, 'home'], [0x08, 'roaming'], [0x10, 'forbidden'], [0x20, 'not-forbidden'], [0x40, 'preferred'], [0x80, 'not-preferred'],
];
export const OPERATING_MODE: Record<number, string> = {
  0: 'online', 1: 'low-power', 2: 'factory-test', 3: 'offline', 4: 'reset', 5: 'shutting-down', 6: 'persistent-low-power', 7: 'mode-only-low-power',
};
export const DMS_PIN_STATUS: Record<number, string> = {
  0: 'not-initialized', 1: 'enabled-not-verified', 2: 'enabled-verified', 3: 'disabled', 4: 'blocked', 5: 'permanently-blocked', 6: 'unblocked', 7: 'changed',
};
export const TIME_SOURCE: Record<number, string> = { 0: 'device', 1: 'cdma-network', 2: 'hdr-network' };
export const WDS_CONNECTION_STATUS: Record<number, string> = { 1: 'disconnected', 2: 'connected', 3: 'suspended', 4: 'authenticating' };
export const WDS_IP_FAMILY: Record<number, string> = { 4: 'ipv4', 6: 'ipv6', 8: 'unspecified' };
export const UIM_CARD_STATE: Record<number, string> = { 0: 'absent', 1: 'present', 2: 'error' };
export const UIM_PIN_STATE: Record<number, string> = { 0: 'not-initialized', 1: 'enabled-not-verified', 2: 'enabled-verified', 3: 'disabled', 4: 'blocked', 5: 'permanently-blocked' };
export const UIM_APP_TYPE: Record<number, string> = { 0: 'unknown', 1: 'sim', 2: 'usim', 3: 'ruim', 4: 'csim', 5: 'isim' };
export const UIM_APP_STATE: Record<number, string> = {
  0: 'unknown', 1: 'detected', 2: 'pin1-or-upin-pin-required', 3: 'puk1-or-upin-puk-required', 4: 'check-personalization-state', 5: 'pin1-blocked', 6: 'illegal', 7: 'ready',
};

export function named(table: Record<number, string>, v: number): string {
  return table[v] ?? `unknown-${v}`;
}
