import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import { realBinding } from '../../../src-main/core/serial/real-binding';
import { ModemSimulator, SimPtyExposure } from '../../../src-main/core/sim/index';
import { bindingContract } from './binding-contract';

bindingContract('simulator, in-process', async () => {
  // Chunking on: reads must still satisfy ">= 1 byte" across split replies.
  const bench = new ModemSimulator({ count: 1, latency: 0, chunking: true });
  return {
    binding: bench.binding,
    path: bench.modems[0]!.atPath!,
    missingPath: 'sim:99.1:2',
    unplug: async () => bench.unplug(0),
    teardown: () => bench.dispose(),
  };
});

// PTYs exist on Linux and macOS only; on Windows the real binding would need a com0com pair.
describe.runIf(process.platform !== 'win32')('real OS binding on a simulator PTY (skipped on win32)', () => {
  bindingContract('serialport real binding over SimPtyExposure', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-contract-'));
    const bench = new ModemSimulator({ count: 1, latency: 0, chunking: false });
    const exposure = await SimPtyExposure.create(bench, { dir });
    return {
      binding: realBinding(),
      path: exposure.atLink(0),
      missingPath: path.join(dir, 'no-such-port'),
      unplug: async () => bench.unplug(0),
      modemLines: false,
      teardown: async () => {
        await exposure.dispose();
        await bench.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  });
});
