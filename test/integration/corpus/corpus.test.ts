import type { Socket } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AtSession } from '../../../src-main/core/at/session';
import type { AtResponse } from '../../../src-main/core/at/types';
import { PortPool } from '../../../src-main/core/serial';
import type { PortHandle } from '../../../src-main/core/serial/port';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { ScriptedModem, at, chunk, loadCorpus, numericCoverage, rng, scriptedBinding } from './corpus';
import type { CorpusExchange } from './corpus';

/**
 * Real modem replies from sources this project did not write (ModemManager's test
 * vectors, the EC2x AT manual's examples, byte-counted UART and gammu hex captures,
 * users' output in public issues), replayed through the real engine with random chunking:
 * once over the in-process binding and once over a real pseudo-terminal with serialport's
 * binding. Asserts the framing of every exchange (echo, information lines, final, URCs)
 * and the numeric coverage of the parsers, and prints both per source.
 *
 * Real time (the kernel is involved on the PTY); no timing is asserted: a command that
 * does not complete fails by its timeout, which only bounds how long a failure takes.
 */

const SEED = Number(process.env['CORPUS_SEED'] ?? 20261206);
const corpus = loadCorpus();

interface Outcome {
  file: string;
  e: CorpusExchange;
  framingOk: boolean;
  why: string;
  found: number;
  present: number;
  missing: string[];
  fieldsOk: number;
  fieldsTotal: number;
  fieldErrors: string[];
}

async function runCorpus(port: PortHandle, modem: ScriptedModem, files = corpus): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const f of files) {
    for (const e of f.exchanges) {
      const session = new AtSession(port, { resyncTimeoutMs: 1500 });
      const urcs: string[] = [];
      const off = session.onUrc((u) => urcs.push(u.line));
      modem.expect(e);
      let r: AtResponse | null = null;
      let err: unknown = null;
      try {
        r = await session.exec(e.command, { timeoutMs: 1500, ...(e.payload !== undefined ? { payload: e.payload } : {}) });
      } catch (x) {
        err = x;
      }
      // Barrier: everything the modem sent for the exchange (URCs after the final too) is framed before this answer.
      await session.exec('AT', { timeoutMs: 1500 }).catch(() => undefined);
      off();
      session.dispose();
      out.push(judge(f.file, e, r, err, urcs));
    }
  }
  return out;
}

function judge(file: string, e: CorpusExchange, r: AtResponse | null, err: unknown, urcs: string[]): Outcome {
  const why: string[] = [];
  if (r === null) why.push(`no response: ${(err as Error)?.message ?? String(err)}`);
  else {
    if (r.echo !== e.expect.echo) why.push(`echo ${JSON.stringify(r.echo)}`);
    if (!isDeepStrictEqual(r.lines, e.expect.lines)) why.push(`lines ${JSON.stringify(r.lines)}`);
    if (r.final.raw !== e.expect.final) why.push(`final ${JSON.stringify(r.final.raw)}`);
  }
  if (!isDeepStrictEqual(urcs, e.expect.urcs)) why.push(`urcs ${JSON.stringify(urcs)}`);
  const parsed = r?.final.success ? r.parsed : null;
  const cov = r?.final.success ? numericCoverage(e.numbers, parsed) : { found: 0, present: 0, missing: [] };
  const fieldErrors: string[] = [];
  for (const [path, want] of Object.entries(e.fields ?? {})) {
    const got = at(parsed, path);
    if (!isDeepStrictEqual(got, want)) fieldErrors.push(`${path}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
  const total = Object.keys(e.fields ?? {}).length;
  return { file, e, framingOk: why.length === 0, why: why.join('; '), ...cov, fieldsOk: total - fieldErrors.length, fieldsTotal: total, fieldErrors };
}

function report(transport: string, outcomes: Outcome[]): { framing: number; numeric: number; fieldErrors: string[] } {
  const rows: Record<string, { exchanges: number; framing: string; numbers: string; fields: string }> = {};
  const sum = new Map<string, { n: number; ok: number; found: number; present: number; fok: number; ft: number }>();
  for (const o of outcomes) {
    const s = sum.get(o.file) ?? { n: 0, ok: 0, found: 0, present: 0, fok: 0, ft: 0 };
    s.n++;
    if (o.framingOk) s.ok++;
    s.found += o.found;
    s.present += o.present;
    s.fok += o.fieldsOk;
    s.ft += o.fieldsTotal;
    sum.set(o.file, s);
  }
  for (const [file, s] of sum) rows[file] = { exchanges: s.n, framing: `${s.ok}/${s.n}`, numbers: `${s.found}/${s.present}`, fields: `${s.fok}/${s.ft}` };
  const n = outcomes.length;
  const ok = outcomes.filter((o) => o.framingOk).length;
  const found = outcomes.reduce((a, o) => a + o.found, 0);
  const present = outcomes.reduce((a, o) => a + o.present, 0);
  const framing = ok / n;
  const numeric = present === 0 ? 1 : found / present;
  console.log(`corpus over ${transport} (seed ${SEED}): ${n} exchanges, framing ${(framing * 100).toFixed(2)} % (${ok}/${n}), numeric fields ${(numeric * 100).toFixed(2)} % (${found}/${present})`);
  console.table(rows);
  for (const o of outcomes.filter((x) => !x.framingOk)) console.log(`  framing ✗ ${o.file} ${o.e.id}${o.e.defect ? ` [${o.e.defect}]` : ''}: ${o.why}`);
  const missing = outcomes.filter((o) => o.missing.length > 0);
  for (const o of missing.slice(0, 40)) console.log(`  numbers not in parsed: ${o.e.id} ${o.e.command}: ${o.missing.join(' ')}`);
  const fieldErrors = outcomes.flatMap((o) => o.fieldErrors.map((f) => `${o.e.id}: ${f}`));
  return { framing, numeric, fieldErrors };
}

describe('conformance corpus (real transcripts)', () => {
  it('holds more than 100 exchanges, each with its source', () => {
    const n = corpus.reduce((a, f) => a + f.exchanges.length, 0);
    expect(n).toBeGreaterThan(100);
    for (const f of corpus) {
      expect(f.source, f.file).toBeTruthy();
      for (const e of f.exchanges) {
        expect(e.origin, e.id).toBeTruthy();
        expect(e.rx.length, e.id).toBeGreaterThan(0);
      }
    }
  });

  it('in-process binding, random chunks of 1..16 bytes: framing >= 99 %, numeric fields >= 90 %, named fields as the sources give them', async () => {
    const next = rng(SEED);
    let modem!: ScriptedModem;
    const binding = scriptedBinding((deliver) => {
      modem = new ScriptedModem(deliver, (b) => chunk(b, next, 16));
      return (d) => modem.input(d);
    });
    const pool = new PortPool({ binding });
    try {
      const port = await pool.open('/dev/corpus0');
      const r = report('in-process binding', await runCorpus(port, modem));
      expect(r.fieldErrors).toEqual([]);
      expect(r.framing).toBeGreaterThanOrEqual(0.99);
      expect(r.numeric).toBeGreaterThanOrEqual(0.9);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('captured bytes frame the same under any chunking (fast-check, seeded)', async () => {
    // The byte-exact captures: counted UART reads, gammu hex dumps, ModemManager's echo-off serial vectors.
    const captured = corpus
      .map((f) => ({ ...f, exchanges: f.exchanges.filter((e) => f.framing.startsWith('captured') || e.id.startsWith('mm-serial-')) }))
      .filter((f) => f.exchanges.length > 0);
    expect(captured.reduce((a, f) => a + f.exchanges.length, 0)).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 24 }), async (sizes) => {
        let k = 0;
        const split = (b: Buffer): Buffer[] => {
          const out: Buffer[] = [];
          for (let i = 0; i < b.length; ) {
            const n = sizes[k++ % sizes.length]!;
            out.push(b.subarray(i, i + n));
            i += n;
          }
          return out;
        };
        let modem!: ScriptedModem;
        const pool = new PortPool({ binding: scriptedBinding((deliver) => ((modem = new ScriptedModem(deliver, split)), (d) => modem.input(d))) });
        try {
          const bad = (await runCorpus(await pool.open('/dev/corpus0'), modem, captured)).filter((o) => !o.framingOk);
          expect(bad.map((o) => `${o.e.id}: ${o.why}`)).toEqual([]);
        } finally {
          await pool.close();
        }
      }),
      { seed: SEED, numRuns: 12 },
    );
  }, 120_000);

  it.runIf(process.platform !== 'win32')('over a real PTY with serialport\'s binding: framing >= 99 %, numeric fields >= 90 %', async () => {
    type RawPty = { _master: Socket; _slave: Socket & { setRawMode(raw: boolean): void }; _pty: string };
    const mod = (await import('@lydell/node-pty')) as unknown as { open?: (o: { encoding: null }) => RawPty; default?: { open?: (o: { encoding: null }) => RawPty } };
    const openpty = (mod.open ?? mod.default?.open)!;
    const term = openpty({ encoding: null });
    term._slave.setRawMode(true);
    const path = term._pty;
    const master = term._master;
    master.on('error', () => {});
    const next = rng(SEED + 1);
    const modem = new ScriptedModem((c) => master.write(c), (b) => chunk(b, next, 64));
    master.on('data', (d: Buffer) => modem.input(d));
    // Our slave stream would read the bytes meant for serialport: close it, the client opens its own fd.
    const pool = new PortPool({ binding: realBinding() });
    try {
      const port = await pool.open(path);
      term._slave.destroy();
      const r = report('PTY', await runCorpus(port, modem));
      expect(r.fieldErrors).toEqual([]);
      expect(r.framing).toBeGreaterThanOrEqual(0.99);
      expect(r.numeric).toBeGreaterThanOrEqual(0.9);
    } finally {
      await pool.close();
      term._slave.destroy();
      const closed = new Promise<void>((resolve) => master.once('close', () => resolve()));
      master.destroy();
      await closed;
    }
  }, 180_000);
});
