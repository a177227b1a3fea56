import { afterEach, describe, expect, it, vi } from 'vitest';
import { isBenchError } from '../../../src-main/core/errors';
import { portSource, setUpModems, simSource } from '../../../src-main/headless/setup';

/** Set-up against modems that never answer: their timeouts pass on fake time. */
async function onFakeTime<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => (done = true)).catch(() => undefined);
  for (let i = 0; i < 100 && !done; i++) await vi.advanceTimersByTimeAsync(10_000);
  return p;
}

describe('CLI set-up (open → init → identity → supervise)', () => {
  afterEach(() => vi.useRealTimers());

  it('brings the selected simulated modems up with identity and a supervisor, and closes every port', async () => {
    const s = await setUpModems(await simSource({ count: 3, select: 'sim1' }), { supervise: true });
    try {
      expect(s.failed).toEqual([]);
      expect(s.modems.map((m) => m.spec.label)).toEqual(['sim1']);
      const [m] = s.modems;
      expect(m!.modem.identity.imei).toMatch(/^\d{15}$/);
      expect(m!.supervisor?.state.state).toBe('ready');
      expect(await m!.supervisor!.exec('AT', { cls: 'batch' })).toMatchObject({ final: { success: true } });
    } finally {
      await s.close();
    }
    expect(s.bench.leaks().openPorts).toBe(0);
  });

  it('an unknown --modem selection is a usage error', async () => {
    await expect(simSource({ count: 2, select: 'sim9' })).rejects.toThrow(/no such simulated modem/);
  });

  it('opened only (no init, no identity, no supervisor): what `at --no-init` and `list` start from', async () => {
    const s = await setUpModems(await simSource({ count: 2 }), { init: false, identity: false });
    try {
      expect(s.modems.map((m) => [m.spec.label, m.modem.identity.imei, m.supervisor])).toEqual([
        ['sim0', null, null],
        ['sim1', null, null],
      ]);
    } finally {
      await s.close();
    }
  });

  it('a modem whose set-up fails is left out with why; the others are up', async () => {
    vi.useFakeTimers();
    const s = await onFakeTime(setUpModems(await simSource({ count: 2, faults: 'hang:1@1' }), {}));
    try {
      expect(s.modems.map((m) => m.spec.label)).toEqual(['sim0']);
      expect(s.failed.map((f) => f.label)).toEqual(['sim1']);
      expect(s.bench.modems.map((m) => m.label)).toEqual(['sim0']);
    } finally {
      await s.close();
    }
  });

  it('with quietSetUp simulated faults start only after set-up', async () => {
    vi.useFakeTimers();
    const s = await onFakeTime(setUpModems(await simSource({ count: 2, faults: 'hang:1@1' }), { quietSetUp: true }));
    try {
      expect(s.failed).toEqual([]);
      const sim1 = s.modems.find((m) => m.spec.label === 'sim1')!;
      await expect(onFakeTime(sim1.modem.exec('AT+CSQ'))).rejects.toMatchObject({ code: 'timeout' });
    } finally {
      await s.close();
    }
  });

  it('an init failure reported through onInitFailed keeps the modem', async () => {
    const failedInit: string[] = [];
    vi.useFakeTimers();
    const s = await onFakeTime(setUpModems(await simSource({ count: 2, faults: 'hang:1@1' }), { identity: false, onInitFailed: (m) => failedInit.push(m.label) }));
    try {
      expect(failedInit).toEqual(['sim1']);
      expect(s.modems.map((m) => m.spec.label)).toEqual(['sim0', 'sim1']);
    } finally {
      await s.close();
    }
  });

  it('a port that does not exist is reported as failed with its typed error', async () => {
    const s = await setUpModems(portSource(['/dev/modem-bench-no-such-port']), {});
    try {
      expect(s.modems).toEqual([]);
      expect(s.failed).toHaveLength(1);
      expect(s.failed[0]!.path).toBe('/dev/modem-bench-no-such-port');
      expect(isBenchError(s.failed[0]!.error) && s.failed[0]!.error.code).toBe('port-not-found');
    } finally {
      await s.close();
    }
  });
});
