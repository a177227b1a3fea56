/**
 * Modem-side settings of the status, phonebook, supplementary-service and TCP/IP-context commands.
 * Volatile: a reboot gives fresh ones (none of them is listed among the AT&W or NV-saved settings in the
 * EC25&EC21 AT Commands Manual V1.3).
 */

export interface PhonebookEntry {
  number: string;
  /** 129 national/unknown, 145 international (27.007 §8.12 <type>). */
  type: number;
  text: string;
}

/** AT+QICSGP context (Quectel EC2x TCP/IP AT Commands Manual §2.1.1). */
export interface TcpipContext {
  /** 1 IPv4, 2 IPv6, 3 IPv4v6. */
  type: number;
  apn: string;
  user: string;
  password: string;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
  auth: number;
}

export interface ModemExtras {
  clip: 0 | 1;
  crc: 0 | 1;
  cusd: 0 | 1 | 2;
  ctzu: 0 | 1;
  ctzr: 0 | 1 | 2;
  cgerep: [number, number];
  cmer: [number, number, number, number, number];
  /** AT+COPS <format> for the read response: 0 long alphanumeric, 1 short, 2 numeric. */
  copsFormat: 0 | 1 | 2;
  /** AT+QINDCFG switches by URC type. */
  qind: Record<string, 0 | 1>;
  /** AT+CPBS storage and the entries per storage (1-based index). */
  cpbs: string;
  phonebooks: Record<string, Map<number, PhonebookEntry>>;
  qicsgp: Map<number, TcpipContext>;
  /** AT+QCFG settings kept as their value text, by lower-case name. */
  qcfg: Record<string, string>;
}

export const QIND_TYPES = ['all', 'csq', 'smsfull', 'ring', 'smsincoming', 'act', 'ccinfo'] as const;

export function freshExtras(ownNumber: string): ModemExtras {
  const sm = new Map<number, PhonebookEntry>();
  // A SIM from the shop often carries the operator's service numbers.
  sm.set(1, { number: '+31612345678', type: 145, text: 'Voicemail' });
  const on = new Map<number, PhonebookEntry>([[1, { number: ownNumber, type: 145, text: 'My number' }]]);
  return {
    clip: 0,
    crc: 0,
    cusd: 0,
    ctzu: 0,
    ctzr: 0,
    cgerep: [0, 0],
    cmer: [0, 0, 0, 0, 0],
    copsFormat: 0,
    qind: { all: 1, csq: 0, smsfull: 0, ring: 1, smsincoming: 1, act: 0, ccinfo: 0 },
    cpbs: 'SM',
    phonebooks: { SM: sm, ME: new Map(), ON: on, FD: new Map(), LD: new Map(), MC: new Map(), RC: new Map(), DC: new Map(), EN: new Map() },
    qicsgp: new Map([[1, { type: 1, apn: '', user: '', password: '', auth: 0 }]]),
    qcfg: {},
  };
}
