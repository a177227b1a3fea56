/** Packet-domain responses: AT+CGDCONT?, AT+CGPADDR, AT+CGCONTRDP, AT+CGATT?, AT+CGACT?. */
import { bodies, firstBody, int, splitFields, str } from './fields';
import { parseValues } from './generic';
import { expand } from './signal';

export interface PdpContext {
  cid: number;
  pdpType: string | null;
  apn: string | null;
  address: string | null;
  dataCompression: number | null;
  headerCompression: number | null;
}

export interface CgdcontInfo {
  type: 'cgdcont';
  contexts: PdpContext[];
}

export function parseCgdcont(lines: readonly string[]): CgdcontInfo | null {
  const contexts: PdpContext[] = [];
  for (const b of bodies(lines, '+CGDCONT')) {
    const f = splitFields(b);
    const cid = int(f[0]);
    if (cid === null) continue;
    contexts.push({ cid, pdpType: str(f[1]), apn: str(f[2]), address: str(f[3]), dataCompression: int(f[4]), headerCompression: int(f[5]) });
  }
  // No contexts defined is a valid answer (OK alone), but then lines is empty too.
  return contexts.length > 0 || lines.length === 0 ? { type: 'cgdcont', contexts } : null;
}

export interface CgpaddrInfo {
  type: 'cgpaddr';
  entries: { cid: number; addresses: string[] }[];
}

export function parseCgpaddr(lines: readonly string[]): CgpaddrInfo | null {
  const entries: CgpaddrInfo['entries'] = [];
  for (const b of bodies(lines, '+CGPADDR')) {
    const f = splitFields(b);
    const cid = int(f[0]);
    if (cid === null) continue;
    const addresses: string[] = [];
    for (let i = 1; i < f.length; i++) {
      const a = str(f[i]);
      // An unassigned context reads 0.0.0.0 on Quectel firmware.
      if (a !== null && a !== '0.0.0.0' && a !== '0:0:0:0:0:0:0:0') addresses.push(a);
    }
    entries.push({ cid, addresses });
  }
  return entries.length > 0 ? { type: 'cgpaddr', entries } : null;
}

export interface DynamicContext {
  cid: number;
  bearerId: number | null;
  apn: string | null;
  localAddress: string | null;
  subnetMask: string | null;
  gateway: string | null;
  dnsPrimary: string | null;
  dnsSecondary: string | null;
}

export interface CgcontrdpInfo {
  type: 'cgcontrdp';
  contexts: DynamicContext[];
}

export function parseCgcontrdp(lines: readonly string[]): CgcontrdpInfo | null {
  const contexts: DynamicContext[] = [];
  for (const b of bodies(lines, '+CGCONTRDP')) {
    const f = splitFields(b);
    const cid = int(f[0]);
    if (cid === null) continue;
    const [localAddress, subnetMask] = splitAddressMask(str(f[3]));
    contexts.push({
      cid,
      bearerId: int(f[1]),
      apn: str(f[2]),
      localAddress,
      subnetMask,
      gateway: str(f[4]),
      dnsPrimary: str(f[5]),
      dnsSecondary: str(f[6]),
    });
  }
  return contexts.length > 0 ? { type: 'cgcontrdp', contexts } : null;
}

/** 27.007 writes IPv4 "address and subnet mask" as one dotted string of 8 octets. */
function splitAddressMask(v: string | null): [string | null, string | null] {
  if (v === null) return [null, null];
  if (v.includes(' ')) {
    const [a, m] = v.split(' ');
    return [a ?? null, m ?? null];
  }
  const parts = v.split('.');
  if (parts.length === 8) return [parts.slice(0, 4).join('.'), parts.slice(4).join('.')];
  // IPv6 is 32 dotted octets (16 + 16); keep it whole rather than guess a format.
  return [v, null];
}

export interface CgattInfo {
  type: 'cgatt';
  attached: boolean;
  /** `<state>` as sent (0 detached, 1 attached). */
  state: number;
}

export function parseCgatt(lines: readonly string[]): CgattInfo | null {
  const b = firstBody(lines, '+CGATT');
  const v = b === null ? null : int(b);
  return v === null ? null : { type: 'cgatt', attached: v === 1, state: v };
}

export interface CgactInfo {
  type: 'cgact';
  /** `state` as sent: 0 deactivated, 1 activated. */
  contexts: { cid: number; active: boolean; state: number }[];
}

export function parseCgact(lines: readonly string[]): CgactInfo | null {
  const contexts: CgactInfo['contexts'] = [];
  for (const b of bodies(lines, '+CGACT')) {
    const f = splitFields(b);
    const cid = int(f[0]);
    const st = int(f[1]);
    if (cid !== null && st !== null) contexts.push({ cid, active: st === 1, state: st });
  }
  return contexts.length > 0 ? { type: 'cgact', contexts } : null;
}

export interface PdpTypeSupport {
  pdpType: string | null;
  /** The context ids it may use, expanded from `(1-16)` / `(1-17,101-116)`. */
  cids: number[];
  dataCompression: number[];
  headerCompression: number[];
}

export interface CgdcontTestInfo {
  type: 'cgdcont-test';
  pdpTypes: PdpTypeSupport[];
}

/** AT+CGDCONT=?: one `+CGDCONT: (1-16),"IP",,,(0-2),(0-4)` line per PDP type (27.007 §10.1.1; ModemManager test vectors). */
export function parseCgdcontTest(lines: readonly string[]): CgdcontTestInfo | null {
  const pdpTypes: PdpTypeSupport[] = [];
  for (const b of bodies(lines, '+CGDCONT')) {
    const v = parseValues(b);
    const t = v[1];
    pdpTypes.push({
      pdpType: typeof t === 'string' && t.trim() !== '' ? t.trim() : null,
      cids: expand([v[0] ?? null]),
      dataCompression: expand([v[4] ?? null]),
      headerCompression: expand([v[5] ?? null]),
    });
  }
  return pdpTypes.length > 0 ? { type: 'cgdcont-test', pdpTypes } : null;
}
