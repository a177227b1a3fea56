import { describe, expect, it } from 'vitest';
import { parseResponse } from '../../../../src-main/core/at/parsers';
import { infoLines } from '../../../helpers/at-info-lines';

describe('AT+CGDCONT?', () => {
  it('parses every context', () => {
    const raw =
      'AT+CGDCONT?\r\r\n+CGDCONT: 1,"IPV4V6","internet","0.0.0.0",0,0,0,0\r\n+CGDCONT: 2,"IPV4V6","ims","0.0.0.0",0,0,0,1\r\n\r\nOK\r\n';
    const { lines } = infoLines('AT+CGDCONT?', raw);
    expect(parseResponse('AT+CGDCONT?', lines)).toEqual({
      type: 'cgdcont',
      contexts: [
        { cid: 1, pdpType: 'IPV4V6', apn: 'internet', address: '0.0.0.0', dataCompression: 0, headerCompression: 0 },
        { cid: 2, pdpType: 'IPV4V6', apn: 'ims', address: '0.0.0.0', dataCompression: 0, headerCompression: 0 },
      ],
    });
  });
  it('an empty APN is null; no contexts at all is an empty list', () => {
    expect(parseResponse('AT+CGDCONT?', ['+CGDCONT: 1,"IP","","0.0.0.0",0,0'])).toMatchObject({ contexts: [{ apn: null }] });
    expect(parseResponse('AT+CGDCONT?', [])).toEqual({ type: 'cgdcont', contexts: [] });
  });
});

describe('AT+CGPADDR', () => {
  it('parses IPv4 and IPv6 addresses and drops the unassigned 0.0.0.0', () => {
    const r = parseResponse('AT+CGPADDR', ['+CGPADDR: 1,"10.64.12.3","38.1.4.128.0.0.0.0.0.0.0.0.0.0.0.1"', '+CGPADDR: 2,"0.0.0.0"', '+CGPADDR: 3']);
    expect(r).toEqual({
      type: 'cgpaddr',
      entries: [
        { cid: 1, addresses: ['10.64.12.3', '38.1.4.128.0.0.0.0.0.0.0.0.0.0.0.1'] },
        { cid: 2, addresses: [] },
        { cid: 3, addresses: [] },
      ],
    });
    expect(parseResponse('AT+CGPADDR=1', ['+CGPADDR: 1,"10.64.12.3"'])).toMatchObject({ entries: [{ cid: 1 }] });
  });
});

describe('AT+CGCONTRDP', () => {
  it('splits the 8-octet address-and-mask string', () => {
    const r = parseResponse('AT+CGCONTRDP=1', ['+CGCONTRDP: 1,5,"internet.mnc001.mcc262.gprs","10.64.12.3.255.255.255.0","10.64.12.1","8.8.8.8","8.8.4.4"']);
    expect(r).toEqual({
      type: 'cgcontrdp',
      contexts: [
        {
          cid: 1,
          bearerId: 5,
          apn: 'internet.mnc001.mcc262.gprs',
          localAddress: '10.64.12.3',
          subnetMask: '255.255.255.0',
          gateway: '10.64.12.1',
          dnsPrimary: '8.8.8.8',
          dnsSecondary: '8.8.4.4',
        },
      ],
    });
  });
  it('keeps a plain address and tolerates missing tail fields', () => {
    expect(parseResponse('AT+CGCONTRDP', ['+CGCONTRDP: 1,5,"internet","10.64.12.3"'])).toMatchObject({
      contexts: [{ localAddress: '10.64.12.3', subnetMask: null, gateway: null, dnsPrimary: null }],
    });
  });
});

describe('AT+CGATT? and AT+CGACT?', () => {
  it('parses attach state and context states', () => {
    expect(parseResponse('AT+CGATT?', ['+CGATT: 1'])).toEqual({ type: 'cgatt', attached: true, state: 1 });
    expect(parseResponse('AT+CGATT?', ['+CGATT: 0'])).toEqual({ type: 'cgatt', attached: false, state: 0 });
    expect(parseResponse('AT+CGACT?', ['+CGACT: 1,1', '+CGACT: 2,0'])).toEqual({
      type: 'cgact',
      contexts: [
        { cid: 1, active: true, state: 1 },
        { cid: 2, active: false, state: 0 },
      ],
    });
  });
});
