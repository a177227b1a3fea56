/**
 * One console command forwarded to a remote host (issue 17). Every window's
 * commands and every batch step of this app reach a host as one client, so
 * each goes with its own requestId and its cancel names that one only. A
 * host from before requestIds refuses the field (its contract is strict):
 * it is then sent commands without one, cancelled as that host can (all of
 * this app's commands on the modem), rather than refused every command.
 */
import { ApiError, type CommandInput, type CommandResultView } from '../../../src-preload/contract';
import type { RemoteBench } from './remote';

/** Hosts that refused a requestId. */
const withoutIds = new WeakSet<Pick<RemoteBench, 'invoke'>>();

export interface RemoteExecOptions {
  /** @default the host's own for the command */
  timeoutMs?: number;
  /** Text for the command's prompt. @default none */
  payload?: string;
  /** Cancels it on the host. @default none */
  signal?: AbortSignal;
}

/** Sends it (the dangerous-command gate ran here: confirmed) and resolves with the host's answer; host failures reject. */
export async function execOn(bench: Pick<RemoteBench, 'invoke'>, remoteId: string, command: string, requestId: string, o: RemoteExecOptions = {}): Promise<CommandResultView> {
  const named = !withoutIds.has(bench);
  const onAbort = (): void => void bench.invoke('modem.cancel', named ? { modemId: remoteId, requestId } : { modemId: remoteId }).catch(() => undefined);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const input: CommandInput<'modem.exec'> = { modemId: remoteId, command, confirm: true };
    if (named) input.requestId = requestId;
    if (o.timeoutMs !== undefined) input.timeoutMs = o.timeoutMs;
    if (o.payload !== undefined) input.payload = o.payload;
    const answer = bench.invoke('modem.exec', input);
    // Aborted before it was sent: the cancel follows it on the same connection.
    if (o.signal?.aborted) onAbort();
    return await answer;
  } catch (err) {
    if (!(named && refusedRequestId(err))) throw err;
    withoutIds.add(bench);
    o.signal?.removeEventListener('abort', onAbort);
    return execOn(bench, remoteId, command, requestId, o);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** The host came back (perhaps upgraded): it is asked with requestIds again until it refuses them. */
export function hostRejoined(bench: Pick<RemoteBench, 'invoke'>): void {
  withoutIds.delete(bench);
}

function refusedRequestId(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'invalid-input' && JSON.stringify(err.details ?? {}).includes('requestId');
}
