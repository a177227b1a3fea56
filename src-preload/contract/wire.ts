/** The WebSocket framing of the contract (the headless transport). JSON, one message per frame. */
import type { Result } from './result';

export type ClientMessage = { t: 'invoke'; id: number; channel: string; input: unknown } | { t: 'ready' };

export type ServerMessage =
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; channel: string; payload: unknown }
  | { t: 'hello'; version: string };

/** Name of the preload's global in Electron. */
export const BRIDGE_GLOBAL = 'modemBench';

/** Cookie and header the headless server accepts the token in. */
export const TOKEN_COOKIE = 'mb_token';
export const TOKEN_HEADER = 'x-modem-bench-token';
