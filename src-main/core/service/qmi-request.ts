/**
 * One QMI request for a modem of the app (the modem page's QMI section):
 * a simulated modem's endpoint in-process, a real one's cdc-wdm from
 * discovery. A client per request: opened, asked, closed (CIDs released).
 */
import { toErrorInfo } from '../errors';
import { parseRequest, QmiClient, QmiFilePort, type QmiTransport } from '../qmi';
import type { ModemSimulator } from '../sim';
import { openSimQmi } from '../sim/qmi/index';
import type { QmiResultView } from '../../../src-preload/contract/qmi';

export interface QmiTarget {
  simulated: boolean;
  simIndex: number | null;
  ports: readonly { path: string; role: string }[];
}

export async function qmiRequest(target: QmiTarget, request: string, sim: ModemSimulator | null, timeoutMs = 10_000): Promise<QmiResultView> {
  const fail = (code: string, message: string, qmiError?: string): QmiResultView => ({
    request,
    ok: false,
    message: null,
    latencyMs: null,
    fields: {},
    error: { code, message, ...(qmiError ? { qmiError } : {}) },
  });
  let req;
  try {
    req = parseRequest(request);
  } catch (err) {
    return fail('invalid-input', (err as Error).message);
  }
  let open: () => Promise<QmiTransport>;
  const simModem = target.simulated && sim && target.simIndex !== null ? sim.modems[target.simIndex] : undefined;
  const qmiPath = target.ports.find((p) => p.role === 'qmi')?.path;
  if (simModem) open = async () => openSimQmi(simModem);
  else if (qmiPath) open = () => QmiFilePort.open(qmiPath);
  else if (process.platform === 'win32') return fail('port-not-found', 'Windows does not expose QMI as a file: use AT on this host.');
  else return fail('port-not-found', 'No QMI port found for this modem (no cdc-wdm under its USB device: qmi_wwan not bound, or usbnet is not 0).');
  let client: QmiClient | null = null;
  const started = Date.now();
  try {
    client = await QmiClient.open(await open(), { timeoutMs });
    const a = await client.send(req);
    return { request, ok: true, message: a.view.message, latencyMs: Date.now() - started, fields: a.view.fields, error: null };
  } catch (err) {
    const info = toErrorInfo(err);
    const q = (err as { qmiError?: unknown }).qmiError;
    return fail(info.code, info.message, typeof q === 'string' ? q : undefined);
  } finally {
    await client?.close();
  }
}
