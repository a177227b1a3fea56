import { describe, expect, it } from 'vitest';
import { FaultSpecError, faultsFor, parseFaultSpec, parseStartState } from '../../../src-main/core/sim/index';
import { startStateFor } from '../../../src-main/core/sim/start-state';

describe('start states', () => {
  it('parses state: items next to faults, settings joined with +, per slot', () => {
    const plan = parseFaultSpec('hang:0.1,state:e0+v0+cmee2+s0=3+&d1@0-1,state:q1@1');
    expect(plan.rules.map((r) => r.kind)).toEqual(['hang']);
    expect(startStateFor(plan.states!, 0)).toEqual({ echo: false, verbose: false, cmee: 2, s: { 0: 3 }, dtr: 1 });
    expect(startStateFor(plan.states!, 1)).toEqual({ echo: false, verbose: false, cmee: 2, s: { 0: 3 }, dtr: 1, quiet: true });
    expect(startStateFor(plan.states!, 2)).toEqual({});
    expect(parseFaultSpec('all').states).toBeUndefined();
  });

  it('reads the --start-state grammar; later items win', () => {
    const rules = parseStartState('e0, v0@2, e1@1, x0, ipr=921600');
    expect(startStateFor(rules, 1)).toEqual({ echo: true, x: 0, ipr: 921600 });
    expect(startStateFor(rules, 2)).toEqual({ echo: false, verbose: false, x: 0, ipr: 921600 });
    expect(parseStartState('none')).toEqual([]);
  });

  it('points at the bad setting', () => {
    expect(() => parseFaultSpec('hang,state:e0+x9')).toThrow(FaultSpecError);
    expect(() => parseFaultSpec('hang,state:e0+x9')).toThrow(/position 14: unknown setting 'x9'/);
    expect(() => parseFaultSpec('state')).toThrow(/'state' takes settings/);
    expect(() => parseStartState('e0,s3=200')).toThrow(/position 3: S3 must be 0-127, got 200/);
    expect(() => parseStartState('e0@3-1')).toThrow(/backwards/);
    expect(() => parseFaultSpec('sate:e0')).toThrow(/or state:SETTINGS/);
  });
});

describe('parseFaultSpec', () => {
  it('parses the documented example', () => {
    const plan = parseFaultSpec('hang:0.02,late:0.01@0-3,reboot:2/min,brick@7');
    expect(plan.rules).toEqual([
      { kind: 'hang', rate: { type: 'probability', value: 0.02 }, modems: [] },
      { kind: 'late', rate: { type: 'probability', value: 0.01 }, modems: [{ type: 'ranges', ranges: [[0, 3]] }] },
      { kind: 'reboot', rate: { type: 'perMinute', value: 2 }, modems: [] },
      { kind: 'brick', rate: { type: 'probability', value: 1 }, modems: [{ type: 'ranges', ranges: [[7, 7]] }] },
    ]);
    expect(faultsFor(plan, 2).perCommand.late).toBe(0.01);
    expect(faultsFor(plan, 4).perCommand.late).toBe(0);
    expect(faultsFor(plan, 7).brick).toBe(1);
    expect(faultsFor(plan, 6).brick).toBe(0);
  });

  it('reads units, factors, selectors with +, whitespace and none', () => {
    const plan = parseFaultSpec(' disconnect:3/h , reboot:0.5/s, slow:2.5x@1+4-5, cme:.5 ');
    const f = faultsFor(plan, 4);
    expect(f.perMinute.disconnect).toBeCloseTo(0.05);
    expect(f.perMinute.reboot).toBe(30);
    expect(f.slowFactor).toBe(2.5);
    expect(f.perCommand.cme).toBe(0.5);
    expect(faultsFor(plan, 2).slowFactor).toBe(1);
    expect(parseFaultSpec('slow:4').rules[0]!.rate).toEqual({ type: 'factor', value: 4 });
    expect(parseFaultSpec('none').rules).toEqual([]);
    expect(parseFaultSpec('  ').rules).toEqual([]);
  });

  it('expands all to every kind with brick on a small fixed subset, and later items override', () => {
    const plan = parseFaultSpec('all,hang:0');
    const f0 = faultsFor(plan, 0);
    expect(f0.perCommand.hang).toBe(0);
    expect(f0.perCommand.late).toBeGreaterThan(0);
    expect(f0.perMinute.reboot).toBeGreaterThan(0);
    expect(f0.slowFactor).toBeGreaterThan(1);
    expect(f0.brick).toBe(0);
    const bricked = Array.from({ length: 256 }, (_, i) => i).filter((i) => faultsFor(plan, i).brick > 0);
    expect(bricked).toEqual([7, 39, 71, 103, 135, 167, 199, 231]);
    expect(faultsFor(parseFaultSpec('all@0-3'), 7).brick).toBe(0);
  });

  it.each([
    ['hng:0.1', 0, /unknown fault kind 'hng'/],
    ['hang:2', 5, /probability must be between 0 and 1/],
    ['hang:abc', 5, /expected a rate/],
    ['hang:0.1@3-1', 9, /backwards/],
    ['hang:0.1@x', 9, /expected a modem index/],
    ['reboot:0.5', 7, /events per time/],
    ['reboot:1/day', 8, /time unit/],
    ['slow:0.5', 5, /factor must be >= 1/],
    ['slow:1/min', 5, /factor/],
    ['hang:0.1/min', 5, /probability/],
    ['hang:0.1,', 9, /trailing comma/],
    ['hang;0.1', 4, /unexpected ';'/],
    ['all:0.1', 3, /'all' takes no rate/],
    ['hang:0.1 late', 9, /expected ',' or the end/],
    [',hang', 0, /expected a fault kind/],
  ])('rejects %j at position %i', (spec, position, message) => {
    let err: unknown;
    try {
      parseFaultSpec(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FaultSpecError);
    const e = err as FaultSpecError;
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(`\n  ${spec}\n  ${' '.repeat(position)}^`);
  });
});
