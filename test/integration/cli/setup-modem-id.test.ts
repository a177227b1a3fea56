/** The CLI keys a modem as the app does (issue 12): its ModemId, the IMEI once read, else its port path. */
import { describe, expect, it } from 'vitest';
import { setUpModems, simSource } from '../../../src-main/headless/setup';
import { modemIdOf } from '../../../src-preload/contract';

describe('CLI set-up: one ModemId', () => {
  it('queues each modem under its IMEI once read; without the identity read, under its port', async () => {
    const read = await setUpModems(await simSource({ count: 2 }), { supervise: true });
    try {
      expect(read.modems).toHaveLength(2);
      for (const { modem } of read.modems) {
        expect(modem.key).toBe(modem.identity.imei);
        expect(modem.key).toMatch(/^\d{15}$/);
      }
    } finally {
      await read.close();
    }
    const unread = await setUpModems(await simSource({ count: 1 }), { identity: false });
    try {
      const [{ modem }] = unread.modems as [(typeof unread.modems)[number]];
      expect(modem.key).toBe(modemIdOf({ imei: null, path: modem.atPath }));
    } finally {
      await unread.close();
    }
  });
});
