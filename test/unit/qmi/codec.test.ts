import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { describeMessage, encodeMessage, QmuxFramer, type QmiMessage, type QmuxEvent } from '../../../src-main/core/qmi/index';

interface Vector {
  name: string;
  source: { repository: string; path: string; commit: string; line: number };
  hex: string;
}
const doc = JSON.parse(fs.readFileSync(new URL('../../fixtures/qmi/libqmi-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };
const vec = (name: string): Buffer => {
  const v = doc.vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  return Buffer.from(v.hex, 'hex');
};
const messages = (ev: QmuxEvent[]): QmiMessage[] => ev.flatMap((e) => (e.kind === 'message' ? [e.message] : []));
const errors = (ev: QmuxEvent[]) => ev.flatMap((e) => (e.kind === 'error' ? [e.error] : []));

describe('libqmi vectors (test/fixtures/qmi/libqmi-vectors.json)', () => {
  it('every vector cites its source', () => {
    expect(doc.vectors.length).toBeGreaterThan(40);
    for (const v of doc.vectors) {
      expect(v.source.repository).toBe('linux-mobile-broadband/libqmi');
      expect(v.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(v.source.path).toMatch(/^src\/libqmi-glib\/test\/test-(generated|message)\.c$/);
    }
  });

  it('test-message.c parse cases: complete, complete+short, complete+complete, short, tiny, wrong qmux', () => {
    const count = (name: string): [number, number, number] => {
      const f = new QmuxFramer();
      const ev = f.push(vec(name));
      return [messages(ev).length, errors(ev).length, f.pending.length];
    };
    expect(count('test_message_parse_complete:buffer')).toEqual([1, 0, 0]);
    expect(count('test_message_parse_complete_and_short:buffer')).toEqual([1, 0, 32]);
    expect(count('test_message_parse_complete_and_complete:buffer')).toEqual([2, 0, 0]);
    expect(count('test_message_parse_short:buffer')).toEqual([0, 0, 32]);
    expect(count('test_message_parse_tiny:buffer')).toEqual([0, 0, 3]);
    expect(count('test_message_parse_wrong_qmux:buffer')).toEqual([0, 1, 0]);
  });

  it('DMS Get IDs response: IMEI, ESN, MEID', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_generated_dms_get_ids:response')));
    const v = describeMessage(m!);
    expect(v).toMatchObject({ service: 'DMS', serviceId: 2, clientId: 1, type: 'response', messageId: 0x25, message: 'Get IDs', result: { ok: true, error: null } });
    expect(v.fields).toMatchObject({ imei: '359225050039973', esn: '80997874', meid: '35922505003997' });
  });

  it('NAS Get Serving System: PLMN description in packed GSM-7 ("Iliad"), LAC, CID', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_generated_nas_get_serving_system:response')));
    const f = describeMessage(m!).fields;
    expect(f.plmn).toEqual({ mcc: '222', mnc: '50', description: 'Iliad', coding: 'gsm7' });
    expect(f.servingSystem).toMatchObject({ registrationState: 'registered', radioInterfaces: ['umts'] });
    expect(f.lac).toBe(0x5fb4);
  });

  it('a TLV shorter than its layout is a field error, the others still decode (parse_wrong_tlv)', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_message_parse_wrong_tlv:buffer')));
    const v = describeMessage(m!);
    expect(v.fieldErrors).toEqual([{ tlv: 0x21, error: expect.stringContaining('overflow') }]);
    expect(v.fields.plmn).toMatchObject({ mcc: '310', mnc: '260', description: ' T-Mobile' });
  });

  it('DMS Get Model keeps "EM12-AW" without the trailing TAB', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_message_parse_string_with_trailing_tab:buffer')));
    expect(describeMessage(m!).fields.model).toBe('EM12-AW');
  });

  it('NAS Get System Info with an invalid network id prints empty MCC/MNC; LTE TAC and CID', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_message_parse_empty_fixed_string:buffer')));
    expect(describeMessage(m!).fields.lteSystemInfo).toMatchObject({ mcc: '', mnc: '', cid: 0x02e7f60c, tac: 0xbe4d });
    const [g] = messages(new QmuxFramer().push(vec('test_generated_nas_get_system_info:response')));
    expect(describeMessage(g!).fields.lteSystemInfo).toMatchObject({ mcc: '530', mnc: '24' });
  });

  it('response error names come from the result TLV', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_message_new_response_error:expected_buffer')));
    expect(describeMessage(m!).result).toEqual({ ok: false, error: 'internal', errorCode: 3 });
  });

  it('CTL uses an 8-bit transaction id, services 16-bit; encode reproduces the bytes', () => {
    for (const name of ['test_message_set_transaction_id_ctl:ctl_message', 'test_message_set_transaction_id_services:dms_message', 'test_generated_dms_get_ids:response', 'test_generated_nas_network_scan:response']) {
      const raw = vec(name);
      const [m] = messages(new QmuxFramer().push(raw));
      expect(encodeMessage(m!)).toEqual(raw);
    }
    const [ctl] = messages(new QmuxFramer().push(vec('test_message_set_transaction_id_ctl:ctl_message')));
    expect(ctl).toMatchObject({ serviceId: 0, transactionId: 0xff, messageId: 0x22 });
  });

  it('NAS Network Scan lists networks with their status; Get Time decodes the 6-byte count', () => {
    const [m] = messages(new QmuxFramer().push(vec('test_generated_nas_network_scan:response')));
    expect(describeMessage(m!).fields.networks).toContainEqual({ mcc: '214', mnc: '03', status: expect.arrayContaining(['available']), description: 'Orange' });
    const [t] = messages(new QmuxFramer().push(vec('test_generated_dms_get_time:response')));
    expect(describeMessage(t!).fields.deviceTime).toMatchObject({ timeSource: 'hdr-network' });
  });

  it('no vector makes the framer or the describer throw', () => {
    for (const v of doc.vectors) {
      const f = new QmuxFramer();
      const ev = f.push(Buffer.from(v.hex, 'hex'));
      for (const m of messages(ev)) describeMessage(m);
      const used = ev.reduce((n, e) => n + e.raw.length, 0) + f.pending.length;
      expect(used).toBe(v.hex.length / 2);
    }
  });
});

describe('QmuxFramer edge cases', () => {
  const dms = encodeMessage({ serviceId: 2, clientId: 1, type: 'request', transactionId: 7, messageId: 0x25, tlvs: [{ type: 0x10, value: Buffer.from('ab') }] });

  it('junk before the marker is one error, then the frame', () => {
    const ev = new QmuxFramer().push(Buffer.concat([Buffer.from('ff00aa', 'hex'), dms]));
    expect(errors(ev).map((e) => [e.problem, e.bytes.length])).toEqual([['junk', 3]]);
    expect(messages(ev)).toHaveLength(1);
  });

  it('a QMUX length that disagrees with the TLV length is a length-mismatch; the next frame still decodes', () => {
    const bad = Buffer.from(dms);
    bad.writeUInt16LE(bad.readUInt16LE(1) + 2, 1);
    const ev = new QmuxFramer().push(Buffer.concat([bad, Buffer.from([0, 0]), dms]));
    expect(errors(ev)[0]!.problem).toBe('length-mismatch');
    expect(messages(ev)).toHaveLength(1);
  });

  it('a TLV that overruns its message is a tlv-overrun error with the message ids', () => {
    const bad = Buffer.from(dms);
    bad.writeUInt16LE(9, bad.length - 4); // TLV 0x10 claims 9 bytes, has 2
    const ev = new QmuxFramer().push(bad);
    expect(errors(ev)[0]).toMatchObject({ problem: 'tlv-overrun', code: 'protocol-error', details: expect.objectContaining({ serviceId: 2, messageId: 0x25 }) });
  });

  it('a message split byte by byte comes out once, at its last byte', () => {
    const f = new QmuxFramer();
    const seen: QmiMessage[] = [];
    for (let i = 0; i < dms.length; i++) {
      const got = messages(f.push(dms.subarray(i, i + 1)));
      if (i < dms.length - 1) expect(got).toEqual([]);
      seen.push(...got);
    }
    expect(seen).toHaveLength(1);
    expect(f.pending.length).toBe(0);
  });

  it('a huge QMUX length beyond maxFrame is a bad header rather than a stall', () => {
    const f = new QmuxFramer({ maxFrame: 64 });
    const big = encodeMessage({ serviceId: 3, clientId: 1, type: 'response', transactionId: 1, messageId: 1, tlvs: [{ type: 1, value: Buffer.alloc(100) }] });
    const ev = f.push(Buffer.concat([big, dms]));
    expect(errors(ev)[0]!.problem).toBe('bad-header');
    expect(messages(ev).at(-1)).toMatchObject({ serviceId: 2, messageId: 0x25 });
  });
});

describe('ModemManager log vectors (test/fixtures/qmi/modemmanager-log-vectors.json)', () => {
  const mm = JSON.parse(fs.readFileSync(new URL('../../fixtures/qmi/modemmanager-log-vectors.json', import.meta.url), 'utf8')) as {
    vectors: { name: string; source: { url: string }; hex: string; expect: Record<string, unknown> }[];
  };
  it.each(mm.vectors)('$name decodes as the log translated it', (v) => {
    expect(v.source.url).toMatch(/^https:\/\/github\.com\//);
    const f = new QmuxFramer();
    const ev = f.push(Buffer.from(v.hex, 'hex'));
    expect(f.pending.length).toBe(0);
    const [m] = messages(ev);
    expect(describeMessage(m!)).toMatchObject(v.expect);
  });
});
