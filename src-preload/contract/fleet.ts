/**
 * Remote bench hosts as the app shows them (issue 17): other PCs running
 * `modem-bench serve`, reached through this same contract over WebSocket.
 * Their modems join the bench list with `ModemView.host` set.
 */
import * as v from 'valibot';

/** connecting: first contact in progress; unreachable: no answer (retried); refused: wrong token or certificate (not retried). */
export type BenchHostState = 'connecting' | 'connected' | 'unreachable' | 'refused';

export interface BenchHostView {
  /** host:port: the key of the host, and what the bench table's host column shows. */
  name: string;
  /** The address without its token. */
  url: string;
  /** The token masked (its last 4 characters at most), null when none is set. Never the token itself. */
  tokenMasked: string | null;
  /** A CA or self-signed certificate is pinned for its https address. */
  ca: boolean;
  state: BenchHostState;
  /** Why it is not connected (the last failure), null when connected. */
  message: string | null;
  /** Its modems in the bench list (offline ones included). */
  modems: number;
  /** Kept in the app's data directory (added in the app), or given on the command line (serve --remote). */
  persisted: boolean;
}

/** An address as `serve` prints it: http(s)://host:port/ with ?token=… or a separate token. */
export const benchHostAdd = v.strictObject({
  url: v.pipe(v.string(), v.trim(), v.minLength(8), v.maxLength(2048), v.regex(/^(https?|wss?):\/\/[^\s/]+/i, 'an http(s):// address, as serve prints it')),
  token: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(512))),
  /** PEM text of the CA (or self-signed certificate) an https host must present. */
  ca: v.optional(v.pipe(v.string(), v.maxLength(65_536), v.regex(/-----BEGIN CERTIFICATE-----/, 'a PEM certificate'))),
});

/** The token's last four characters at most, the rest as bullets: enough to tell two tokens apart, not to use one. */
export function maskToken(token: string | null | undefined): string | null {
  if (!token) return null;
  const shown = token.length >= 16 ? token.slice(-4) : '';
  return `${'•'.repeat(8)}${shown}`;
}
