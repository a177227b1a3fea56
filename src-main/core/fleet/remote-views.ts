/**
 * How a remote host's modem looks in this app's bench list: the host beside
 * it, a label that says where it is, the id host/IMEI (never the bare IMEI:
 * a row must not change its id under a click when the same IMEI appears
 * elsewhere, nor take a local modem's row), the conflict named when the same
 * IMEI is elsewhere, and honest offline state while its host is away.
 */
import type { CommandResultView, ModemView } from '../../../src-preload/contract';
import type { FleetError } from './errors';

/** host/id: unique across hosts, the key of a remote modem here. */
export function remoteKey(host: string, remoteId: string): string {
  return `${host}/${remoteId}`;
}

/**
 * The row for a remote modem. `elsewhere`: the other places with the same id
 * ('local' or host:port); empty when it is unique. `down`: why its host is
 * away (null when connected): the row keeps its last values, marked offline.
 */
export function remoteView(host: string, raw: ModemView, elsewhere: readonly string[], down: string | null): ModemView {
  const v: ModemView = {
    ...raw,
    id: remoteKey(host, raw.id),
    label: `${raw.label}@${host}`,
    host,
    tags: [...raw.tags, `host:${host}`],
  };
  if (elsewhere.length > 0) v.conflict = [...elsewhere];
  else delete v.conflict;
  if (down !== null) {
    v.state = 'offline';
    v.reason = down;
    v.queueDepth = 0;
    v.health = raw.health ? { ...raw.health, state: 'offline', reasons: [down], recoveryStep: null } : null;
  }
  return v;
}

/** A console command whose host could not be asked, or went away before answering: the console's way to show it. */
export function hostFailedResult(modemId: string, command: string, err: FleetError): CommandResultView {
  return {
    modemId,
    command,
    status: 'disconnected',
    final: null,
    lines: [],
    urcs: [],
    echo: null,
    parsed: null,
    latencyMs: null,
    error: { code: err.code, message: err.message },
  };
}

/** The address without its token: what may be shown and logged. */
export function urlWithoutToken(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('token');
    return u.toString();
  } catch {
    return url.replace(/[?&]token=[^&#]*/g, '');
  }
}
