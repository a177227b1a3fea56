/** A minimal host for simulator tests: opens a port through the binding and collects what it reads. */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { BindingPortInterface, SerialBinding } from '../../src-main/core/serial/binding';
import type { ModemSimulator } from '../../src-main/core/sim/index';

export class TestHost {
  text = '';
  reads = 0;
  error: (Error & { canceled?: boolean; code?: string }) | null = null;
  readonly done: Promise<void>;

  private constructor(readonly port: BindingPortInterface) {
    this.done = this.#loop();
  }

  static async open(binding: SerialBinding, path: string): Promise<TestHost> {
    return new TestHost(await binding.open({ path, baudRate: 115200 }));
  }

  /** Opens port `iface` (default the AT port) of modem `i`. */
  static async of(bench: ModemSimulator, i: number, iface = 2): Promise<TestHost> {
    const p = bench.modems[i]!.ports().find((x) => x.interface === iface);
    if (!p) throw new Error(`modem ${i} has no interface ${iface}`);
    return TestHost.open(bench.binding, p.path);
  }

  async #loop(): Promise<void> {
    const buf = Buffer.alloc(4096);
    for (;;) {
      try {
        const { bytesRead } = await this.port.read(buf, 0, buf.length);
        this.reads++;
        this.text += buf.toString('latin1', 0, bytesRead);
      } catch (e) {
        this.error = e as Error;
        return;
      }
    }
  }

  async send(line: string): Promise<void> {
    await this.port.write(Buffer.from(`${line}\r`, 'latin1'));
  }

  async write(raw: string): Promise<void> {
    await this.port.write(Buffer.from(raw, 'latin1'));
  }

  /** Returns what was read so far and forgets it. */
  take(): string {
    const t = this.text;
    this.text = '';
    return t;
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await this.port.close();
    await this.done;
  }
}

/** Lets fake time pass (0 flushes promise chains and due timers). */
export async function tick(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** Sends a command and returns what came back after `ms` of fake time. */
export async function at(host: TestHost, line: string, ms = 0): Promise<string> {
  host.take();
  await host.send(line);
  await tick(ms);
  return host.take();
}

/** Splits a verbose reply into its non-empty lines (echo included). */
export function lines(text: string): string[] {
  return text.split(/\r\n|\r/).filter((l) => l !== '');
}

/**
 * What every simulator test shares: fake time, the bench under test and the
 * hosts opened on it, all closed after each test, which must leave no timer.
 */
export function simFixture(): { bench: ModemSimulator | null; hosts: TestHost[] } {
  const fx: { bench: ModemSimulator | null; hosts: TestHost[] } = { bench: null, hosts: [] };
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    for (const h of fx.hosts.splice(0)) await h.close();
    await fx.bench?.dispose();
    fx.bench = null;
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });
  return fx;
}
