/**
 * Connection state of the transport, for the status bar and for stores that
 * must resync after a reconnect. The Electron transport is always 'open'.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionInfo {
  state: ConnectionState;
  /** Reconnect attempts since the last open. */
  attempt: number;
  /** When the next attempt starts (ms since epoch), while closed. */
  retryAt: number | null;
  /** Times the connection has opened; >1 means a reconnect (state may be stale). */
  opens: number;
}

export interface Connection {
  readonly current: ConnectionInfo;
  onChange(listener: (info: ConnectionInfo) => void): () => void;
  /** Try now instead of waiting for the backoff. */
  retryNow(): void;
}

export function staticConnection(): Connection {
  const current: ConnectionInfo = { state: 'open', attempt: 0, retryAt: null, opens: 1 };
  return { current, onChange: () => () => {}, retryNow: () => {} };
}
