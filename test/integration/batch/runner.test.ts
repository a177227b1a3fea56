import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchRunner, type RunProgress, type StepResult, loadBatchFile, parseBatch } from '../../../src-main/core/batch';
import { drive, settle, scriptedTarget, simTargets } from '../../helpers/batch-run';


describe('BatchRunner on the simulator (fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the identity inventory on every modem: a full matrix of passes, captures, progress with ETA', async () => {
    const t = await simTargets({ count: 4 });
    const plan = await loadBatchFile('examples/identity-inventory.yaml');
    const sunk: string[] = [];
    const reported: string[] = [];
    const progress: RunProgress[] = [];
    const runner = new BatchRunner({
      plan,
      targets: t.targets,
      sink: { stepCompleted: (r, tr) => sunk.push(`${r.modemKey}/${r.seq}/${tr.length > 0}`) },
    });
    runner.onStepResult((r) => reported.push(`${r.modemKey}/${r.seq}/true`));
    runner.onProgress((p) => progress.push(p));
    const data = await drive(runner);
    expect(data.status).toBe('completed');
    expect(data.results).toHaveLength(4 * 6);
    expect(data.results.filter((r) => r.status !== 'pass').map((r) => `${r.stepKey} ${r.message}`)).toEqual([]);
    // The sink had every result (with its transcript) before anyone was told.
    expect(reported).toEqual(sunk);
    const imei = data.results.find((r) => r.modemKey === t.targets[0]!.key && r.stepKey === '2')!;
    expect(imei).toMatchObject({ command: 'AT+CGSN', captures: { imei: t.targets[0]!.identity.imei }, attempts: 1, final: 'OK' });
    expect(data.results.find((r) => r.modemKey === t.targets[0]!.key && r.stepKey === '6')!.command).toBe('AT+GSN');
    const last = progress[progress.length - 1]!;
    expect(last.overall).toMatchObject({ total: 24, done: 24, passed: 24, modemsDone: 4, modems: 4, etaMs: 0 });
    expect(progress.some((p) => p.overall.etaMs !== null && p.overall.etaMs > 0)).toBe(true);
    expect(data.transcripts![t.targets[1]!.key]!.slice(0, 2).map((e) => e.dir)).toEqual(['tx', 'rx']);
    await t.close();
  });

  it('selection by tag and glob; parallel limit', async () => {
    const t = await simTargets({ count: 4 });
    const plan = await parseBatch('modems: { tag: odd, model: "EC2?" }\nsettings: { parallel: 1 }\nsteps:\n  - send: AT\n  - wait: 5s\n', 'sel.yaml');
    const runner = new BatchRunner({ plan, targets: t.targets });
    expect(runner.targets.map((x) => x.label)).toEqual(['sim1', 'sim3']);
    const data = await drive(runner);
    // One at a time: sim3 starts only after sim1's 5 s wait.
    const a = data.results.filter((r) => r.modemKey === t.targets[1]!.key);
    const b = data.results.filter((r) => r.modemKey === t.targets[3]!.key);
    expect(b[0]!.startedAt).toBeGreaterThanOrEqual(a[1]!.endedAt);
    await t.close();
  });

  it('a hang is retried by the step (retries: 1: two sends) and the step passes; a refused expectation fails with the reason', async () => {
    const t = await simTargets({ count: 2 });
    const plan = await parseBatch(
      ['steps:', '  - send: AT+SIMTAG=1', '    retries: 1', '    expect: { match: "^\\\\+SIMTAG: 1$" }', '  - send: AT+CSQ', '    expect: "rssiDbm >= -50"'].join('\n'),
      'f.yaml',
    );
    t.sim.modems[0]!.injectFault('hang');
    const data = await drive(new BatchRunner({ plan, targets: t.targets }));
    const r0 = data.results.filter((r) => r.modemKey === t.targets[0]!.key);
    expect(r0[0]).toMatchObject({ status: 'pass', lines: ['+SIMTAG: 1'], attempts: 2 });
    expect(r0[1]!.status).toBe('fail');
    expect(r0[1]!.message).toMatch(/^rssiDbm >= -50: rssiDbm = -\d+$/);
    await t.close();
  });

  it('under a fault plan every step instance gets exactly one result and the retries show in attempts', async () => {
    const t = await simTargets({ count: 4, faults: 'hang:0.05,garbage:0.05,cme:0.05', lateDelayMs: 8000 });
    const plan = await parseBatch('settings: { timeout: 2s, retries: 2, retry_delay: 1s }\nsteps:\n  - repeat: 20\n    steps:\n      - send: AT+CSQ\n      - send: AT+CGSN\n        expect: "imei == modem.imei"\n', 'f.yaml');
    const d = await drive(new BatchRunner({ plan, targets: t.targets }));
    expect(d.status).toBe('completed');
    expect(d.results).toHaveLength(4 * 40);
    expect(new Set(d.results.map((r) => `${r.modemKey}/${r.seq}`)).size).toBe(160);
    // Faults were hit and handled: some step needed more than one attempt, and none was misattributed.
    expect(d.results.some((r) => r.attempts > 1)).toBe(true);
    // A step may still fail after its 3 sends (three damaged replies in a row), never with another modem's or command's answer.
    const bad = d.results.filter((r) => r.stepId === '1.2' && r.status === 'fail');
    expect(bad.filter((r) => r.attempts !== 3 || /imei ==/.test(r.message ?? ''))).toEqual([]);
    expect(d.results.every((r) => r.attempts <= 3)).toBe(true);
    expect(d.results.filter((r) => r.status === 'pass').length).toBeGreaterThan(140);
    await t.close();
  });

  it('on_failure: stop-modem skips the rest of that modem; stop-run skips the rest of every modem', async () => {
    const t = await simTargets({ count: 3 });
    const stopModem = await parseBatch('steps:\n  - send: AT+NOPE\n    on_failure: stop-modem\n  - send: AT\n  - send: ATI\n', 'a.yaml');
    const d1 = await drive(new BatchRunner({ plan: stopModem, targets: t.targets }));
    expect(d1.status).toBe('completed');
    expect(d1.results.map((r) => r.status)).toEqual(['fail', 'skipped', 'skipped', 'fail', 'skipped', 'skipped', 'fail', 'skipped', 'skipped']);
    expect(d1.results[1]!.message).toMatch(/on_failure: stop-modem/);
    expect(d1.modems.map((m) => m.status)).toEqual(['stopped', 'stopped', 'stopped']);

    const stopRun = await parseBatch('settings: { parallel: 3 }\nsteps:\n  - wait: 1s\n  - send: AT+NOPE\n    on_failure: stop-run\n  - wait: 10s\n  - send: AT\n', 'b.yaml');
    const d2 = await drive(new BatchRunner({ plan: stopRun, targets: t.targets }));
    expect(d2.status).toBe('failed');
    expect(d2.results.filter((r) => r.seq >= 2).every((r) => r.status === 'skipped')).toBe(true);
    await t.close();
  });

  it('a modem unplugged mid-run is waited for and continues where it was; its timeline is kept', async () => {
    const t = await simTargets({ count: 2 });
    const plan = await parseBatch(
      ['settings: { unavailable_retries: 5, unavailable_delay: 10s }', 'steps:', '  - send: AT+CGSN', '  - wait: 2s', '  - send: AT+CSQ', '  - send: AT+QCCID'].join('\n'),
      'u.yaml',
    );
    const statuses: string[] = [];
    const runner = new BatchRunner({ plan, targets: t.targets });
    runner.onProgress((p) => {
      if (p.modem.key === t.targets[1]!.key && statuses[statuses.length - 1] !== p.modem.status) statuses.push(p.modem.status);
    });
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(1000); // in the wait step
    t.sim.unplug(1);
    await vi.advanceTimersByTimeAsync(200_000); // long enough for the supervisor to give up waiting and the runner to retry
    t.sim.replug(1);
    for (let i = 0; i < 400; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    const data = out.value;
    const mine = data.results.filter((r) => r.modemKey === t.targets[1]!.key);
    expect(mine.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(statuses).toContain('unavailable');
    expect(statuses[statuses.length - 1]).toBe('done');
    expect(data.timelines![t.targets[1]!.key]!.map((e) => e.kind)).toContain('disconnect');
    expect(data.transcripts![t.targets[1]!.key]!.some((e) => e.dir === 'note' && /modem unavailable/.test(e.text))).toBe(true);
    await t.close();
  });

  it('a modem that never comes back is recorded as lost after the bounded waits; the others finish', async () => {
    const t = await simTargets({ count: 2 });
    const plan = await parseBatch('settings: { unavailable_retries: 1, unavailable_delay: 5s }\nsteps:\n  - wait: 2s\n  - send: AT\n  - send: ATI\n', 'l.yaml');
    const run = settle(new BatchRunner({ plan, targets: t.targets }).run());
    await vi.advanceTimersByTimeAsync(500);
    t.sim.unplug(0);
    for (let i = 0; i < 600; i++) await vi.advanceTimersByTimeAsync(1000);
    const out = await run;
    if (!out.ok) throw out.error;
    const d = out.value;
    expect(d.status).toBe('completed');
    expect(d.modems.map((m) => m.status)).toEqual(['lost', 'done']);
    const lost = d.results.filter((r) => r.modemKey === t.targets[0]!.key);
    expect(lost.map((r) => [r.status, r.errorCode])).toEqual([
      ['pass', null],
      ['error', 'lost'],
    ]);
    expect(d.results.filter((r) => r.modemKey === t.targets[1]!.key).map((r) => r.status)).toEqual(['pass', 'pass', 'pass']);
    await t.close();
  });

  it('pause holds every modem before its next step; resume carries on', async () => {
    const t = await simTargets({ count: 2 });
    const plan = await parseBatch('steps:\n  - send: AT\n  - wait: 1s\n  - send: ATI\n', 'p.yaml');
    const runner = new BatchRunner({ plan, targets: t.targets });
    const seen: StepResult[] = [];
    runner.onStepResult((r) => seen.push(r));
    const run = settle(runner.run());
    await vi.advanceTimersByTimeAsync(200);
    runner.pause();
    expect(runner.state.state).toBe('paused');
    await vi.advanceTimersByTimeAsync(60_000);
    const whilePaused = seen.length;
    expect(whilePaused).toBeLessThanOrEqual(4);
    expect(seen.some((r) => r.stepKey === '3')).toBe(false);
    runner.resume();
    await vi.advanceTimersByTimeAsync(5000);
    const out = await run;
    expect(out.ok && out.value.status).toBe('completed');
    expect(seen).toHaveLength(6);
    await t.close();
  });

  it('cancel stops at once: the run is cancelled and undone steps have no result', async () => {
    const t = await simTargets({ count: 2 });
    const plan = await parseBatch('steps:\n  - send: AT\n  - wait: 30s\n  - send: ATI\n', 'c.yaml');
    const ac = new AbortController();
    const run = settle(new BatchRunner({ plan, targets: t.targets, signal: ac.signal }).run());
    await vi.advanceTimersByTimeAsync(2000);
    ac.abort();
    await vi.advanceTimersByTimeAsync(100);
    const out = await run;
    if (!out.ok) throw out.error;
    expect(out.value.status).toBe('cancelled');
    expect(out.value.results.map((r) => r.stepKey)).toEqual(['1', '1']);
    expect(out.value.modems.map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
    await t.close();
  });

  it('resume skips done steps and restores their captures', async () => {
    const t = await simTargets({ count: 1 });
    const plan = await parseBatch('steps:\n  - send: AT+CGSN\n    capture: imei\n  - send: AT+GSN\n    expect: { match: "^${imei}$" }\n', 'r.yaml');
    const first = await drive(new BatchRunner({ plan, targets: t.targets }));
    const done = new Map([[t.targets[0]!.key, first.results.filter((r) => r.seq === 0)]]);
    const runner = new BatchRunner({ plan, targets: t.targets, resume: done });
    const again = await drive(runner);
    expect(again.results.map((r) => [r.seq, r.status])).toEqual([
      [0, 'pass'],
      [1, 'pass'],
    ]);
    expect(again.results[0]).toBe(first.results[0]);
    await t.close();
  });
});

describe('BatchRunner poll and retries (scripted target, fake time)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const cereg = (stat: number) => ({ lines: [`+CEREG: 2,${stat}`], parsed: { type: 'cereg', stat, statName: ['not-registered', 'home', 'searching'][stat] ?? 'roaming', registered: stat === 1 || stat === 5 } });

  it('polls every 2 s until the condition holds', async () => {
    const target = scriptedTarget('m1', (_c, n) => cereg(n < 4 ? 2 : 1));
    const plan = await parseBatch('steps:\n  - poll: { send: AT+CEREG?, until: "stat in [home, roaming]", every: 2s, timeout: 120s }\n', 'poll.yaml');
    const d = await drive(new BatchRunner({ plan, targets: [target] }));
    expect(target.sent).toHaveLength(4);
    expect(d.results[0]).toMatchObject({ status: 'pass', attempts: 4, lines: ['+CEREG: 2,1'] });
    expect(d.results[0]!.latencyMs).toBeGreaterThanOrEqual(6000);
  });

  it('a poll that never holds fails when its budget is spent, with the last answer', async () => {
    const target = scriptedTarget('m1', () => cereg(2));
    const plan = await parseBatch('steps:\n  - poll: { send: AT+CEREG?, until: "stat in [home, roaming]", every: 2s, timeout: 11s }\n', 'poll.yaml');
    const d = await drive(new BatchRunner({ plan, targets: [target] }));
    expect(d.results[0]!.status).toBe('fail');
    expect(d.results[0]!.message).toMatch(/^not met within 11000 ms: stat in \[home, roaming\]: stat = 2/);
    expect(target.sent.length).toBe(6);
  });

  it('retries override: a failed step is tried again after retry_delay', async () => {
    const target = scriptedTarget('m1', (_c, n) => (n < 3 ? { final: { kind: 'error', success: false, raw: 'ERROR', code: null, text: null } } : {}));
    const plan = await parseBatch('settings: { retry_delay: 3s }\nsteps:\n  - send: AT+X\n    retries: 2\n', 'r.yaml');
    const d = await drive(new BatchRunner({ plan, targets: [target] }));
    expect(d.results[0]).toMatchObject({ status: 'pass', attempts: 3 });
    expect(d.results[0]!.endedAt - d.results[0]!.startedAt).toBeGreaterThanOrEqual(6000);
  });

  it('a damaged response (bytes lost while it ran) never passes an expectation; expect: any still takes it', async () => {
    const target = scriptedTarget('m1', (_c, n) => (n === 1 ? { damaged: true, lines: ['+CSQ: 2'] } : { lines: ['+CSQ: 21,99'] }));
    const plan = await parseBatch('steps:\n  - send: AT+CSQ\n  - send: AT+CSQ\n    expect: any\n', 'd.yaml');
    const d = await drive(new BatchRunner({ plan, targets: [target] }));
    expect(d.results[0]).toMatchObject({ status: 'fail', attempts: 1 });
    expect(d.results[0]!.message).toMatch(/damaged/);
    expect(d.results[1]).toMatchObject({ status: 'pass' });
  });

  it('rejects bad options with a TypeError naming the field', async () => {
    const plan = await parseBatch('steps: [{send: AT}]', 'x.yaml');
    expect(() => new BatchRunner({ plan, targets: [], parallel: 0 })).toThrow(/parallel/);
    expect(() => new BatchRunner({ plan, targets: [{ key: 'a' } as never] })).toThrow(/targets\[0\]\.exec/);
  });
});
