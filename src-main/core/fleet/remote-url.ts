/**
 * A remote bench as given on the command line: the URL `serve` prints
 * (`http://host:port/?token=...`), or ws(s)://, with the token in the URL
 * or separately. The token never appears in `name` (names are logged).
 */
export interface RemoteAddress {
  /** host:port, for tables and logs. */
  name: string;
  /** The contract's WebSocket endpoint. */
  wsUrl: string;
  token: string | null;
  tls: boolean;
}

export function parseRemote(url: string, token?: string | null): RemoteAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`remote: '${url}' is not a URL (expected http://host:port/ as serve prints it)`);
  }
  const tls = u.protocol === 'https:' || u.protocol === 'wss:';
  if (!tls && u.protocol !== 'http:' && u.protocol !== 'ws:') throw new TypeError(`remote: ${u.protocol} is not http(s) or ws(s)`);
  if (u.username || u.password) throw new TypeError('remote: give the token as ?token= or --remote-token, not as user:password');
  const given = u.searchParams.get('token');
  const port = u.port || (tls ? '443' : '80');
  return {
    name: `${u.hostname}:${port}`,
    wsUrl: `${tls ? 'wss' : 'ws'}://${u.host}/api`,
    token: token ?? given ?? null,
    tls,
  };
}
