/** A batch run target that answers from a script, after `delayMs` of (fake) time; what it was sent is in `sent`. */
import type { AtResponse } from '../../src-main/core/at/types';
import type { RunTarget } from '../../src-main/core/batch';

export function scriptedTarget(key: string, answer: (command: string, n: number) => Partial<AtResponse> & { lines?: string[] }, delayMs = 10): RunTarget & { sent: string[] } {
  const sent: string[] = [];
  return {
    key,
    label: key,
    identity: { imei: key, iccid: null, imsi: null, model: 'EC25', firmware: 'FW1', revision: 'FW1_01' },
    sent,
    exec: (command, o) =>
      new Promise((resolve, reject) => {
        sent.push(command);
        const a = answer(command, sent.length);
        const t = setTimeout(
          () =>
            resolve({
              command,
              echo: null,
              lines: a.lines ?? [],
              final: a.final ?? { kind: 'ok', success: true, raw: 'OK', code: null, text: null },
              parsed: a.parsed ?? null,
              urcs: [],
              latencyMs: delayMs,
              ...(a.damaged ? { damaged: true } : {}),
            }),
          delayMs,
        );
        o.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      }),
  };
}
