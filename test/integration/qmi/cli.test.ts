import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';

/** The CLI in process, without blank lines. */
async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const r = await runCli(args);
  return { code: r.code, out: r.out.filter(Boolean), err: r.err.filter(Boolean) };
}

const vectors = (JSON.parse(readFileSync(new URL('../../fixtures/qmi/libqmi-vectors.json', import.meta.url), 'utf8')) as { vectors: { name: string; hex: string }[] }).vectors;
const hex = (name: string): string => vectors.find((v) => v.name === name)!.hex;
const spaced = (h: string): string => h.match(/../g)!.join(' ');

describe('modem-bench qmi decode', () => {
  it('--json prints one object per message with the named fields; several arguments are one stream', async () => {
    const ids = hex('test_generated_dms_get_ids:response');
    const r = await cli(['qmi', 'decode', '--json', spaced(ids.slice(0, 20)), ids.slice(20), hex('test_generated_nas_get_serving_system:response')]);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const [a, b] = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toMatchObject({ service: 'DMS', serviceId: 2, clientId: 1, type: 'response', transactionId: 0xffff, messageId: 0x25, message: 'Get IDs', result: { ok: true, error: null }, fields: { imei: '359225050039973' } });
    expect((a!.tlvs as unknown[])[0]).toEqual({ type: 2, length: 4, hex: '0000000000'.slice(0, 8) });
    expect(b).toMatchObject({ service: 'NAS', message: 'Get Serving System', fields: { plmn: { mcc: '222', mnc: '50', description: 'Iliad' } } });
  });

  it('incomplete trailing bytes go to stderr and make exit 1; complete messages before them still print', async () => {
    const r = await cli(['qmi', 'decode', '--json', hex('test_message_parse_complete_and_short:buffer')]);
    expect(r.code).toBe(1);
    expect(r.out).toHaveLength(1);
    expect(JSON.parse(r.err[0]!)).toMatchObject({ incomplete: { length: 32, expected: 39 } });
  });

  it('malformed frames print a typed error, never crash: junk, length mismatch, TLV overrun', async () => {
    const dms = '010c00000201000100250000 00'.replace(/ /g, '');
    const mismatch = '010e00000201000100250000000000';
    const overrun = '01100000020100010025000400100900ab';
    const r = await cli(['qmi', 'decode', '--json', `ffee${dms}`, mismatch, overrun, dms]);
    expect(r.code).toBe(1);
    const errs = r.err.map((l) => JSON.parse(l) as { error: { code: string; problem: string } });
    expect(errs.map((e) => [e.error.code, e.error.problem])).toEqual([
      ['protocol-error', 'junk'],
      ['protocol-error', 'length-mismatch'],
      ['protocol-error', 'tlv-overrun'],
    ]);
    expect(r.out).toHaveLength(2);
  });

  it('every public vector decodes without a crash; bad hex is a usage error (exit 2)', async () => {
    for (const v of vectors) {
      const r = await cli(['qmi', 'decode', '--json', v.hex]);
      expect([0, 1]).toContain(r.code);
      for (const l of r.out) expect(JSON.parse(l)).toHaveProperty('fields');
    }
    expect((await cli(['qmi', 'decode', '01 0g'])).code).toBe(2);
    expect((await cli(['qmi', 'decode'])).code).toBe(2);
  });
});

describe('modem-bench qmi requests', () => {
  it('--sim 2 dms-get-ids / nas-get-signal-info / nas-get-serving-system agree with at --sim 2 AT+CGSN AT+QENG="servingcell"', async () => {
    const q = await cli(['qmi', '--sim', '2', '--json', 'dms-get-ids', 'nas-get-signal-info', 'nas-get-serving-system']);
    const a = await cli(['at', '--sim', '2', '--json', 'AT+CGSN', 'AT+QENG="servingcell"']);
    expect(q.code).toBe(0);
    expect(a.code).toBe(0);
    const qrows = q.out.map((l) => JSON.parse(l) as { modem: string; request: string; ok: boolean; fields: Record<string, unknown> });
    const arows = a.out.map((l) => JSON.parse(l) as { modem: string; command: string; lines: string[] });
    for (const modem of ['sim0', 'sim1']) {
      const f = (req: string) => qrows.find((x) => x.modem === modem && x.request === req)!.fields as Record<string, Record<string, unknown> | string | number>;
      const lines = (cmd: string) => arows.find((x) => x.modem === modem && x.command === cmd)!.lines;
      expect(f('dms-get-ids').imei).toBe(lines('AT+CGSN')[0]);
      const qeng = lines('AT+QENG="servingcell"')[0]!.split(',');
      expect(f('nas-get-signal-info').lte).toEqual({ rsrp: Number(qeng[13]), rsrq: Number(qeng[14]), rssi: Number(qeng[15]), snr: Number(qeng[16]) });
      expect(f('nas-get-serving-system').plmn).toMatchObject({ mcc: qeng[4], mnc: qeng[5] });
      expect(f('nas-get-serving-system').cid).toBe(parseInt(qeng[6]!, 16));
    }
  });

  it('a QMI error answer is ok:false with the QMI error name and exit 1; unknown request names are usage errors', async () => {
    const r = await cli(['qmi', '--sim', '1', '--json', 'wds-get-current-settings', 'dms-get-model']);
    expect(r.code).toBe(1);
    const rows = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toMatchObject({ ok: false, error: { code: 'modem-error', qmiError: 'out-of-call' } });
    expect(rows[1]).toMatchObject({ ok: true, fields: { model: 'EC25' } });
    expect((await cli(['qmi', '--sim', '1', 'dms-get-nothing'])).code).toBe(2);
    expect((await cli(['qmi', 'dms-get-ids'])).code).toBe(2);
  });

  it('--device on a missing path reports port-not-found, exit 1', async () => {
    const r = await cli(['qmi', '--device', '/dev/cdc-wdm-does-not-exist', '--json', 'dms-get-ids']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ ok: false, error: { code: 'port-not-found' } });
  });

  it.runIf(process.platform !== 'win32')(
    'sim --pty-dir exposes DIR/simN-qmi; qmi --device talks QMI over it (node:fs) and agrees with AT over DIR/simN',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mb-qmi-pty-'));
      const child = spawn(process.execPath, ['src-main/headless/bin.mjs', 'sim', '--count', '2', '--pty-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        let text = '';
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('Ctrl+C')) resolve();
          });
          child.on('exit', (c) => reject(new Error(`sim exited early (${c}): ${text}`)));
        });
        expect(existsSync(join(dir, 'sim1-qmi'))).toBe(true);
        const q = await cli(['qmi', '--device', join(dir, 'sim1-qmi'), '--json', 'dms-get-ids', 'dms-get-revision', 'uim-get-card-status']);
        expect(q.code).toBe(0);
        const rows = q.out.map((l) => JSON.parse(l) as { fields: Record<string, unknown> });
        const a = await cli(['at', '--port', join(dir, 'sim1'), '--json', 'AT+CGSN', 'AT+CGMR']);
        const arows = a.out.map((l) => JSON.parse(l) as { lines: string[] });
        expect(rows[0]!.fields.imei).toBe(arows[0]!.lines[0]);
        expect(rows[1]!.fields.revision).toBe(arows[1]!.lines[0]);
      } finally {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      expect(existsSync(join(dir, 'sim1-qmi'))).toBe(false);
    },
    60_000,
  );

  it('the real entry point: node src-main/headless/bin.mjs qmi --sim 2 dms-get-ids --json', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['src-main/headless/bin.mjs', 'qmi', '--sim', '2', 'dms-get-ids', '--json']);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as { modem: string; fields: { imei: string } });
    expect(rows.map((r) => r.modem).sort()).toEqual(['sim0', 'sim1']);
    for (const r of rows) expect(r.fields.imei).toMatch(/^\d{15}$/);
  }, 60_000);
});
