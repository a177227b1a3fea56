/**
 * The per-port AT settings of an EC25 (V.250 basics, S-registers, AT+CMEE), the
 * user profile AT&W writes, and how AT&V prints them.
 *
 * Sources:
 * - [MAN] Quectel EC25&EC21 AT Commands Manual V1.3 (2018-09-20): §2.10 AT&F, §2.11 AT&V, §2.12 AT&W,
 *   §2.13 ATZ, §2.14 ATQ, §2.15 ATV, §2.16 ATE, §2.17 A/, §2.18-2.20 ATS3/S4/S5, §2.21 ATX, §2.23 AT+CMEE,
 *   §3.1 AT&C, §3.2 AT&D, §3.5 AT+IPR, §7.8-7.12 ATS0/S6/S7/S8/S10.
 * - [V250] ITU-T V.250 §6.1 (S-parameter read answers are three digits), §5.2.2 (S5 editing).
 * - [BG95-AT&V] a real AT&V from a Quectel BG95-M5 (same Qualcomm AT stack), line order `&C &D &F &W Q V X Z E`
 *   then `S0 S4 S5 S6 S7 S8 S10 S3`: https://pastebin.com/LpeKYbYc
 */

/** S-registers the EC25 lists in AT&V, with [MAN] ranges and factory values. */
export const S_REGISTERS: Readonly<Record<number, { min: number; max: number; factory: number }>> = {
  0: { min: 0, max: 255, factory: 0 }, // auto-answer after n rings, §7.8
  3: { min: 0, max: 127, factory: 13 }, // command line terminator (CR), §2.18
  4: { min: 0, max: 127, factory: 10 }, // response formatting character (LF), §2.19
  5: { min: 0, max: 127, factory: 8 }, // command line editing character (BS), §2.20
  6: { min: 2, max: 10, factory: 2 }, // pause before blind dialling (s), §7.9
  7: { min: 0, max: 255, factory: 0 }, // wait for connection completion (s); AT&V shows 0 (BG95 capture), §7.10
  8: { min: 0, max: 255, factory: 2 }, // comma dial modifier pause (s), §7.11
  10: { min: 1, max: 254, factory: 15 }, // disconnect delay after carrier loss (1/10 s), §7.12
  12: { min: 0, max: 255, factory: 50 }, // +++ escape guard time (1/50 s); §7.6 asks for 1 s of silence each side
};

/** The order AT&V prints the S-registers in ([BG95-AT&V]); S12 is not listed there. */
const AMPV_S_ORDER = [0, 4, 5, 6, 7, 8, 10, 3] as const;

/** Baud rates AT+IPR accepts ([MAN] §3.5); 0 is autobauding. */
export const IPR_RATES = [0, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 3000000, 3686400, 4000000] as const;

export interface AtSettings {
  /** ATE: echo of command characters. */
  echo: boolean;
  /** ATV: verbose (text) result codes; false gives numeric codes. */
  verbose: boolean;
  /** ATQ1: result codes are not sent at all. */
  quiet: boolean;
  /** AT+CMEE: 0 bare ERROR, 1 numeric, 2 verbose. */
  cmee: 0 | 1 | 2;
  /** ATX: result code selection and call progress monitoring. */
  x: number;
  /** AT&C: DCD always on (0) or following the carrier (1). */
  dcd: 0 | 1;
  /** AT&D: what a DTR drop does: ignore (0), command mode (1), hang up (2). */
  dtr: 0 | 1 | 2;
  /** S-registers by number. */
  s: Record<number, number>;
  /** AT+IPR: fixed baud rate (only meaningful on the UART; kept for AT+IPR?). */
  ipr: number;
}

/** Factory settings ([MAN] §2.10 and the factory AT&V of §2.11): E1 V1 Q0 X4 &C1 &D2, CMEE per bench option. */
export function factorySettings(cmee: 0 | 1 | 2): AtSettings {
  const s: Record<number, number> = {};
  for (const [n, r] of Object.entries(S_REGISTERS)) s[Number(n)] = r.factory;
  return { echo: true, verbose: true, quiet: false, cmee, x: 4, dcd: 1, dtr: 2, s, ipr: 115200 };
}

export function copySettings(a: AtSettings): AtSettings {
  return { ...a, s: { ...a.s } };
}

/** AT&V lines ([MAN] §2.11; order from [BG95-AT&V]). `&F`/`&W`/`Z` show the profile numbers (always 0). */
export function ampersandV(a: AtSettings): string[] {
  const lines = [`&C: ${a.dcd}`, `&D: ${a.dtr}`, '&F: 0', '&W: 0', `Q: ${a.quiet ? 1 : 0}`, `V: ${a.verbose ? 1 : 0}`, `X: ${a.x}`, 'Z: 0', `E: ${a.echo ? 1 : 0}`];
  for (const n of AMPV_S_ORDER) lines.push(`S${n}: ${a.s[n] ?? 0}`);
  return lines;
}

/** An S-register read: three decimal digits ([V250] §6.1; [MAN] §2.18 example `ATS3?` -> `013`). */
export function sRead(value: number): string {
  return String(value).padStart(3, '0');
}

/** Settings a start-state spec item can set; what the spec grammar in start-state.ts produces. */
export type SettingsPatch = Partial<Omit<AtSettings, 's'>> & { s?: Record<number, number> };

export function applyPatch(a: AtSettings, patch: SettingsPatch): AtSettings {
  const { s, ...rest } = patch;
  return { ...a, ...rest, s: { ...a.s, ...(s ?? {}) } };
}
