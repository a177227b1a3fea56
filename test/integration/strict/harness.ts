import { vi } from 'vitest';
import { AtSession, type SessionOptions } from '../../../src-main/core/at/session';
import { PortPool } from '../../../src-main/core/serial';
import { STRICT_PATH, StrictModem, strictBinding, type StrictBindingOptions, type StrictModemOptions } from '../../helpers/strict-modem';

/** A session on a strict fake modem through the binding seam. Fake timers must be on. */
export async function strictSession(modemOptions: StrictModemOptions = {}, sessionOptions: SessionOptions = {}, bindingOptions: StrictBindingOptions = {}) {
  const modem = new StrictModem(modemOptions);
  const pool = new PortPool({ binding: strictBinding(modem, bindingOptions) });
  const port = await pool.open(STRICT_PATH);
  const session = new AtSession(port, sessionOptions);
  return {
    modem,
    pool,
    port,
    session,
    async close() {
      session.dispose();
      await pool.close();
    },
  };
}

/** Runs `p` while fake time passes; returns its outcome without an unhandled rejection. */
export async function settle<T>(p: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  const out = p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await vi.advanceTimersByTimeAsync(ms);
  return out;
}

export function codeOf(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}
