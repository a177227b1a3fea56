/**
 * The strict fake modem's settings: what V.250 (ITU-T V.250 §6.2, §6.3) and
 * 3GPP TS 27.007 §9.1 (AT+CMEE) define, kept apart from the simulator so the
 * engine is tested against behaviour written from the standard, not from the
 * simulator's assumptions.
 */
export interface StrictSettings {
  /** E: echo of command-line characters (V.250 §6.2.4). */
  echo: boolean;
  /** V: verbose (true) or numeric (false) result codes (V.250 §6.2.6). */
  verbose: boolean;
  /** Q: result codes suppressed (V.250 §6.2.5). */
  quiet: boolean;
  /** +CMEE: 0 bare ERROR, 1 numeric +CME ERROR, 2 verbose +CME ERROR (27.007 §9.1). */
  cmee: 0 | 1 | 2;
  /** S0..S10; S3 ends lines (CR = 13), S4 formats (LF = 10), S5 is backspace (8). */
  s: number[];
  /** +CMGF: 0 PDU, 1 text (27.005 §3.2.3). */
  cmgf: 0 | 1;
}

/** Factory defaults (AT&F): V.250's, and the EC25's AT&V (E1 Q0 V1, S3 13, S4 10, S5 8, +CMEE 1). */
export function factory(): StrictSettings {
  return { echo: true, verbose: true, quiet: false, cmee: 1, s: [0, 0, 43, 13, 10, 8, 2, 0, 2, 0, 15], cmgf: 0 };
}

export function copySettings(s: StrictSettings): StrictSettings {
  return { ...s, s: [...s.s] };
}

/** A profile from a partial one: `{ echo: false, verbose: false }` is an E0 V0 modem. */
export function profileOf(p: Partial<StrictSettings> = {}): StrictSettings {
  const f = factory();
  return { ...f, ...p, s: p.s ? [...p.s] : f.s };
}

/** 27.007 §9.2 texts for the few codes the fake modem gives. */
export const CME_TEXT: Record<number, string> = {
  3: 'operation not allowed',
  4: 'operation not supported',
  10: 'SIM not inserted',
  50: 'Incorrect parameters',
};
