/**
 * A `qmi:` step (issue 15): one QMI request to the modem's QMI port, its
 * decoded fields checked and captured like an AT answer's parsed fields.
 * The request goes through the target's `qmi` method (the same path the
 * modem page's QMI section uses); this file only judges the answer.
 */
import type { AtResponse } from '../at/types';
import { toErrorInfo } from '../errors';
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import { sleep } from '../util/sleep';
import type { CondNode } from './condition';
import type { QmiStep } from './plan';
import type { RunTarget, StepResult, TranscriptEntry } from './results';
import { captureValues, checkResponse } from './step-check';

/** The target cannot speak QMI (no `qmi` method, or no cdc-wdm found for it): asking again changes nothing. */
export const NO_QMI_PORT = 'no-qmi-port';
/** Errors of the request itself (not the modem's QMI answer) that a retry cannot change. */
const FINAL = new Set([NO_QMI_PORT, 'port-not-found', 'permission-denied', 'invalid-input', 'cancelled']);

export interface QmiStepContext {
  target: RunTarget;
  step: QmiStep;
  vars: Record<string, unknown>;
  builtins: Record<string, unknown>;
  transcript: TranscriptEntry[];
  retryDelayMs: number;
  signal: AbortSignal;
  cond: (source: string) => CondNode;
}

/**
 * The answer as the AT checks see it: `ok`/`error` are the QMI result, conditions
 * and field captures see the decoded fields, `match` sees one `path=value` line per field.
 */
export function qmiAsResponse(request: string, v: QmiResultView): AtResponse {
  const raw = v.ok ? 'OK' : `QMI error ${v.error?.qmiError ?? v.error?.code ?? 'unknown'}`;
  return {
    command: `qmi ${request}`,
    echo: null,
    lines: flatten(v.fields, ''),
    final: { kind: v.ok ? 'ok' : 'error', success: v.ok, raw, code: null, text: v.ok ? null : (v.error?.message ?? null) },
    parsed: v.fields,
    urcs: [],
    latencyMs: v.latencyMs ?? 0,
  };
}

function flatten(v: unknown, prefix: string): string[] {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => flatten(x, prefix ? `${prefix}.${k}` : k));
  }
  return [`${prefix}=${typeof v === 'string' ? v : JSON.stringify(v)}`];
}

/** Runs the step to its result; throws only when the run is cancelled (the caller stops the modem). */
export async function runQmiStep(c: QmiStepContext): Promise<StepResult> {
  const { target: t, step, signal, transcript } = c;
  const startedAt = Date.now();
  const base = { modemKey: t.key, seq: step.seq, stepKey: step.key, stepId: step.id, name: step.name, kind: step.kind, startedAt, command: `qmi ${step.request}` };
  const error = (code: string, message: string, attempts: number): StepResult => ({
    ...base, status: 'error', message, errorCode: code, final: null, lines: [], parsed: null, captures: {}, latencyMs: null, attempts, endedAt: Date.now(),
  });
  if (!t.qmi) {
    transcript.push({ at: Date.now(), dir: 'note', text: `${NO_QMI_PORT}: ${t.label} has no QMI port` });
    return error(NO_QMI_PORT, `${t.label} has no QMI port (a qmi: step needs the modem's cdc-wdm QMI interface)`, 0);
  }
  let retriesLeft = step.retries;
  for (let attempts = 1; ; attempts++) {
    transcript.push({ at: Date.now(), dir: 'tx', text: `qmi ${step.request}` });
    let v: QmiResultView;
    try {
      v = await t.qmi(step.request, { ...(step.timeoutMs !== null ? { timeoutMs: step.timeoutMs } : {}), signal });
    } catch (err) {
      signal.throwIfAborted();
      const info = toErrorInfo(err);
      v = { request: step.request, ok: false, message: null, latencyMs: null, fields: {}, error: { code: info.code, message: info.message } };
    }
    signal.throwIfAborted();
    let result: StepResult;
    if (v.ok || v.error?.qmiError) {
      // The modem answered (a QMI error is an answer too: `expect: error` may want it).
      const r = qmiAsResponse(step.request, v);
      for (const l of r.lines) transcript.push({ at: Date.now(), dir: 'rx', text: l });
      transcript.push({ at: Date.now(), dir: 'rx', text: r.final.raw });
      const check = checkResponse(step.expect, r, c.vars, c.builtins, c.cond);
      const captured = check.ok ? captureValues(step.capture, r, c.builtins) : { values: {}, error: null };
      const ok = check.ok && captured.error === null;
      result = {
        ...base,
        status: ok ? 'pass' : 'fail',
        message: ok ? check.detail || null : (captured.error ?? check.detail),
        errorCode: null,
        final: r.final.raw,
        lines: r.lines,
        parsed: v.fields,
        captures: captured.values,
        latencyMs: v.latencyMs,
        attempts,
        endedAt: Date.now(),
      };
    } else {
      const code = v.error?.code === 'port-not-found' ? NO_QMI_PORT : (v.error?.code ?? 'unexpected');
      const message = v.error?.message ?? 'QMI request failed';
      transcript.push({ at: Date.now(), dir: 'note', text: `${code}: ${message}` });
      result = error(code, message, attempts);
      if (FINAL.has(code)) return result;
    }
    if (result.status === 'pass' || retriesLeft-- <= 0) return result;
    await sleep(c.retryDelayMs, signal);
  }
}
