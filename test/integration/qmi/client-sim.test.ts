import { describe, expect, it, vi } from 'vitest';
import { CancelledError, DisconnectedError, TimeoutError } from '../../../src-main/core/errors';
import type { QmiFrameError} from '../../../src-main/core/qmi/index';
import { encodeMessage, QmiClient, QmiResultError, parseRequest, type QmiMessage } from '../../../src-main/core/qmi/index';
import { ModemSimulator } from '../../../src-main/core/sim/index';
import { openSimQmi } from '../../../src-main/core/sim/qmi/index';
import { TestHost, at, lines, simFixture, tick } from '../../helpers/sim-host';

const fx = simFixture();

function make(count = 3, extra = {}): ModemSimulator {
  fx.bench = new ModemSimulator({ count, latency: 0, chunking: false, ...extra });
  return fx.bench;
}

async function client(i: number, o = {}): Promise<QmiClient> {
  return QmiClient.open(openSimQmi(fx.bench!.modems[i]!), { timeoutMs: 5000, ...o });
}

/** Lets fake time run until `p` settles (the simulator answers at once with latency 0). */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  // A 0 ms timer set while fake time runs is due 1 ms later (fake-timers), hence steps of 1 ms.
  for (let i = 0; i < 50 && !done; i++) await tick(1);
  return p;
}

const send = (c: QmiClient, name: string, o = {}) => settle(c.send(parseRequest(name), o));

describe('QMI client against the simulated modem', () => {
  it('DMS Get IDs gives the IMEI AT+CGSN gives; a client id is allocated once and released on close', async () => {
    const b = make(3);
    const host = await TestHost.open(b.binding, b.describe()[2]!.ports[2]!.path);
    fx.hosts.push(host);
    const cgsn = lines(await at(host, 'AT+CGSN'));
    const c = await client(2);
    const ids = await send(c, 'dms-get-ids');
    expect(ids.view.fields.imei).toBe(cgsn[1]);
    expect(ids.view.fields.imei).toBe(b.modems[2]!.identity.imei);
    await send(c, 'dms-get-model');
    expect(c.clientIds.get(2)).toBe(1);
    expect(b.modems[2]!.qmi!.clients.get(2)?.size).toBe(1);
    await settle(c.close());
    expect(b.modems[2]!.qmi!.clients.get(2)?.size).toBe(0);
    expect(QmiClient.live).toBe(0);
  });

  it('NAS Get Signal Info and Get Serving System agree with AT+QENG="servingcell"', async () => {
    const b = make(3);
    const host = await TestHost.open(b.binding, b.describe()[1]!.ports[2]!.path);
    fx.hosts.push(host);
    await tick(10_000);
    const qeng = lines(await at(host, 'AT+QENG="servingcell"'))[1]!;
    const f = qeng.split(',');
    const c = await client(1);
    const sig = await send(c, 'nas-get-signal-info');
    expect(sig.view.fields.lte).toEqual({ rsrp: Number(f[13]), rsrq: Number(f[14]), rssi: Number(f[15]), snr: Number(f[16]) });
    const ss = await send(c, 'nas-get-serving-system');
    expect(ss.view.fields.plmn).toMatchObject({ mcc: f[4], mnc: f[5] });
    expect(ss.view.fields.cid).toBe(parseInt(f[6]!, 16));
    expect(ss.view.fields.tac).toBe(parseInt(f[12]!, 16));
    expect(ss.view.fields.servingSystem).toMatchObject({ registrationState: 'registered', radioInterfaces: ['lte'] });
    await settle(c.close());
  });

  it('a request with no answer times out (fault no-answer); the late-less client keeps working', async () => {
    const b = make(1);
    const c = await client(0);
    await send(c, 'dms-get-model');
    b.modems[0]!.qmi!.injectFault('no-answer');
    const p = c.send(parseRequest('dms-get-revision'), { timeoutMs: 3000 });
    const caught = p.catch((e: unknown) => e);
    await tick(3000);
    expect(await caught).toBeInstanceOf(TimeoutError);
    expect(c.inFlight).toBe(0);
    expect((await send(c, 'dms-get-revision')).view.fields.revision).toBe(b.modems[0]!.identity.firmware.revision);
    await settle(c.close());
  });

  it('a malformed answer is a frame error for the transcript and the request times out; the next one works', async () => {
    const b = make(1);
    const frameErrors: QmiFrameError[] = [];
    const c = await client(0, { onFrameError: (e: QmiFrameError) => frameErrors.push(e) });
    await send(c, 'dms-get-model');
    b.modems[0]!.qmi!.injectFault('malformed');
    const caught = c.send(parseRequest('dms-get-ids'), { timeoutMs: 2000 }).catch((e: unknown) => e);
    await tick(2000);
    expect(await caught).toBeInstanceOf(TimeoutError);
    expect(frameErrors.map((e) => e.problem)).toContain('length-mismatch');
    expect((await send(c, 'dms-get-ids')).view.fields.imei).toBe(b.modems[0]!.identity.imei);
    await settle(c.close());
  });

  it('client id exhaustion is a typed QMI error (client-ids-exhausted); the simulator caps 16 ids per service', async () => {
    const b = make(1);
    const c = await client(0);
    b.modems[0]!.qmi!.injectFault('cid-exhaustion');
    const err = await send(c, 'nas-get-signal-info').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmiResultError);
    expect((err as QmiResultError).qmiError).toBe('client-ids-exhausted');
    expect((await send(c, 'nas-get-signal-info')).view.result?.ok).toBe(true);
    await settle(c.close());
  });

  it('AbortSignal cancels one request; unplugging rejects the rest with disconnected and frees the client', async () => {
    const b = make(1);
    const c = await client(0);
    await send(c, 'dms-get-model');
    b.modems[0]!.qmi!.injectFault('no-answer', 2);
    const ac = new AbortController();
    const one = c.send(parseRequest('dms-get-ids'), { signal: ac.signal }).catch((e: unknown) => e);
    const two = c.send(parseRequest('dms-get-model')).catch((e: unknown) => e);
    await tick(0);
    ac.abort();
    expect(await one).toBeInstanceOf(CancelledError);
    b.unplug(0);
    await tick(0);
    expect(await two).toBeInstanceOf(DisconnectedError);
    expect(c.closed).toBe(true);
    expect(QmiClient.live).toBe(0);
    await settle(c.close());
  });

  it('indications reach subscribers: WDS packet service status after Start/Stop Network; statistics grow', async () => {
    make(1);
    const c = await client(0);
    const seen: QmiMessage[] = [];
    c.onIndication(1, (m) => seen.push(m));
    const start = await send(c, 'wds-start-network=apn=internet');
    const handle = start.view.fields.packetDataHandle as number;
    await tick(0);
    expect(seen.map((m) => m.tlvs[0]!.value[0])).toEqual([2]);
    await tick(10_000);
    const stats = await send(c, 'wds-get-packet-statistics');
    expect(stats.view.fields.rxBytesOk).toBe(120_000);
    const settings = await send(c, 'wds-get-current-settings');
    expect(settings.view.fields).toMatchObject({ apn: 'internet', mtu: 1500, ipFamily: 'ipv4' });
    await send(c, `wds-stop-network=${handle}`);
    await tick(0);
    expect(seen.map((m) => m.tlvs[0]!.value[0])).toEqual([2, 1]);
    const again = await send(c, `wds-stop-network=${handle}`).catch((e: unknown) => e);
    expect((again as QmiResultError).qmiError).toBe('invalid-handle');
    await settle(c.close());
  });

  it('a response for another message id on the same transaction is a protocol error, not a wrong answer', async () => {
    make(1);
    const ep = fx.bench!.modems[0]!.qmi!;
    // Talk to the client through a fake transport that answers wrongly: a layer below the client.
    const listeners = new Set<(b: Buffer) => void>();
    const c = await QmiClient.open({
      path: 'fake',
      write: async (d) => {
        const m = encodeMessage({ serviceId: 0, clientId: 0, type: 'response', transactionId: d[7]!, messageId: 0x0021, tlvs: [{ type: 2, value: Buffer.alloc(4) }] });
        void Promise.resolve().then(() => listeners.forEach((l) => l(m)));
      },
      onData: (l) => (listeners.add(l), () => listeners.delete(l)),
      onClose: () => () => {},
      close: async () => {},
    });
    const err = await c.send(parseRequest('ctl-sync')).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/answer is for message 0x21/);
    await settle(c.close());
    expect(ep.clients.size).toBe(0);
  });

  it('every request name answers on a registered modem with a SIM (none unknown to the simulator)', async () => {
    make(1);
    vi.setSystemTime(Date.UTC(2026, 0, 1));
    const c = await client(0);
    for (const name of ['ctl-get-version-info', 'dms-get-ids', 'dms-get-manufacturer', 'dms-get-model', 'dms-get-revision', 'dms-get-msisdn', 'dms-get-operating-mode', 'dms-uim-get-pin-status', 'dms-get-time', 'nas-get-signal-strength', 'nas-get-signal-info', 'nas-get-serving-system', 'nas-get-system-info', 'nas-get-cell-location-info', 'nas-network-scan', 'wds-get-packet-service-status', 'wds-get-packet-statistics', 'uim-get-card-status']) {
      const a = await send(c, name);
      expect(a.view.result, name).toEqual({ ok: true, error: null, errorCode: 0 });
      expect(a.view.fieldErrors, name).toBeUndefined();
    }
    const card = (await send(c, 'uim-get-card-status')).view.fields.cardStatus as { cards: { cardState: string; applications: { type: string; state: string }[] }[] };
    expect(card.cards[0]).toMatchObject({ cardState: 'present', applications: [{ type: 'usim', state: 'ready' }] });
    await settle(c.close());
  });

  it('the process-exit path writes Release CID for every held client id synchronously', async () => {
    const b = make(1);
    const c = await client(0);
    await send(c, 'dms-get-ids');
    await send(c, 'nas-get-signal-info');
    expect([...b.modems[0]!.qmi!.clients.values()].map((s) => s.size)).toEqual([1, 1]);
    c.releaseAllSync();
    await tick(1);
    expect([...b.modems[0]!.qmi!.clients.values()].map((s) => s.size)).toEqual([0, 0]);
    expect(c.clientIds.size).toBe(0);
    await settle(c.close());
  });
});
