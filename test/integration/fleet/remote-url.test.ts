/** Remote addresses as the CLI takes them: the URL serve prints, and what is refused. */
import { describe, expect, it } from 'vitest';
import { parseRemote } from '../../../src-main/core/fleet';

describe('parseRemote', () => {
  it('takes the URL serve prints, with its token, and names the host without it', () => {
    expect(parseRemote('http://10.0.0.5:7800/?token=abc123')).toEqual({ name: '10.0.0.5:7800', wsUrl: 'ws://10.0.0.5:7800/api', token: 'abc123', tls: false });
    expect(parseRemote('https://bench-3.lab:8443/')).toEqual({ name: 'bench-3.lab:8443', wsUrl: 'wss://bench-3.lab:8443/api', token: null, tls: true });
    expect(parseRemote('https://bench-3.lab/').name).toBe('bench-3.lab:443');
    expect(parseRemote('ws://127.0.0.1:7800').wsUrl).toBe('ws://127.0.0.1:7800/api');
  });

  it('lets --remote-token override a token in the URL', () => {
    expect(parseRemote('http://h:1/?token=old', 'new').token).toBe('new');
  });

  it('refuses what is not an http(s)/ws(s) URL and a token given as user:password', () => {
    expect(() => parseRemote('bench-3:7800')).toThrow(/http\(s\) or ws\(s\)/);
    expect(() => parseRemote('not a url')).toThrow(/is not a URL/);
    expect(() => parseRemote('ftp://h/')).toThrow(/ftp: is not http\(s\) or ws\(s\)/);
    expect(() => parseRemote('http://user:secret@h:1/')).toThrow(/not as user:password/);
  });
});
