/** What a step's answer is checked and captured with: pure functions of the response (the runner owns the loop). */
import { compileSafeRegex, escapeRegex, type SafeRegex } from '../../../src-preload/contract/safe-regex';
import type { AtResponse } from '../at/types';
import { type CondNode, type ConditionScope, evaluateCondition, resolveRef } from './condition';
import type { CaptureSpec, ExpectSpec, PlanStep } from './plan';
import type { StepResult } from './results';

/** Shared by every check that passes with nothing to say (one object less per step). */
const PASSED: { readonly ok: true; readonly detail: '' } = Object.freeze({ ok: true, detail: '' });

/** The step's expectations against the response; `cond` gives a condition's parsed form (the runner caches them). */
export function checkResponse(
specs: ExpectSpec[],
r: AtResponse,
vars: Record<string, unknown>,
builtins: Record<string, unknown>,
cond: (source: string) => CondNode,
): { ok: boolean; detail: string } {
  let seen: string[] | null = null;
  // Bytes were thrown away while this command ran: its lines may be missing data, so only
  // `expect: any` may take it (a retry, if the step has one, asks again).
  if (r.damaged && specs.some((s) => s.kind !== 'any')) return { ok: false, detail: 'response damaged: bytes were lost while it ran (see the transcript)' };
  // Built for the first condition only: `ok` and `match` need neither the copy of the built-ins nor `parsed`.
  let scope: ConditionScope | null = null;
  for (const s of specs) {
    switch (s.kind) {
      case 'any':
        break;
      case 'ok':
        if (!r.final.success) return { ok: false, detail: `expected OK, got ${r.final.raw}` };
        break;
      case 'error':
        if (r.final.success) return { ok: false, detail: `expected an error, got ${r.final.raw}` };
        break;
      case 'match': {
        let re: SafeRegex;
        try {
          re = compileSafeRegex(interpolate(s.regex, vars, builtins, true));
        } catch (err) {
          return { ok: false, detail: (err as Error).message };
        }
        const hit = r.lines.some((l) => re.test(l));
        if (hit === s.negate) return { ok: false, detail: s.negate ? `a line matches /${re.source}/` : `no line matches /${re.source}/` };
        break;
      }
      case 'cond': {
        let node: CondNode;
        try {
          node = cond(s.source);
        } catch (err) {
          // A plan stored before regexes ran on RE2 may hold one RE2 refuses (a resumed run).
          return { ok: false, detail: `${s.source}: ${(err as Error).message}` };
        }
        scope ??= { parsed: r.parsed, vars, builtins: { ...builtins, response: { final: r.final.raw, lines: r.lines } } };
        const c = evaluateCondition(node, scope);
        if (!c.ok) return { ok: false, detail: `${s.source}: ${c.reason || 'false'}` };
        if (c.reason) (seen ??= []).push(c.reason);
        break;
      }
    }
  }
  return seen ? { ok: true, detail: seen.join('; ') } : PASSED;
}

/** The step's captures from the response: a parsed field, or a regex's first group on the first matching line. */
export function captureValues(specs: CaptureSpec[], r: AtResponse, builtins: Record<string, unknown>): { values: Record<string, unknown>; error: string | null } {
  const values: Record<string, unknown> = {};
  for (const c of specs) {
    if ('field' in c) {
      const f = resolveRef(c.field.split('.'), { parsed: r.parsed, vars: {}, builtins });
      if (!f.found || f.value === undefined) return { values, error: `capture ${c.name}: no field ${c.field} in the response` };
      values[c.name] = f.value;
    } else {
      let re: SafeRegex;
      try {
        re = compileSafeRegex(c.regex);
      } catch (err) {
        return { values, error: `capture ${c.name}: ${(err as Error).message}` };
      }
      let got: string | null = null;
      for (const l of r.lines) {
        const m = re.exec(l);
        if (m) {
          got = m[1] ?? m[0] ?? '';
          break;
        }
      }
      if (got === null) return { values, error: `capture ${c.name}: no line matches /${c.regex}/` };
      values[c.name] = got;
    }
  }
  return { values, error: null };
}

export function skipped(modemKey: string, step: PlanStep, why: string): StepResult {
  const command = step.kind === 'wait' ? null : step.kind === 'qmi' ? `qmi ${step.request}` : step.command;
  return stepResult(modemKey, step, Date.now(), command, 'skipped', why, null, 0);
}

/** `${name}` -> the variable; in a regex the value is escaped. */
export function interpolate(text: string, vars: Record<string, unknown>, builtins: Record<string, unknown>, regex: boolean): string {
  return text.replace(/\$\{([^}]*)\}/g, (_, raw: string) => {
    const name = raw.trim();
    const f = resolveRef(name.split('.'), { parsed: null, vars, builtins });
    if (!f.found || f.value === undefined || f.value === null) throw new Error(`variable \${${name}} has no value (its capture failed or the modem did not report it)`);
    const s = String(f.value);
    return regex ? escapeRegex(s) : s;
  });
}

/**
 * A step's result, every field written in one order (one object shape for all of them, no
 * spread of a base object: at 256 modems the spread was a measurable share of each step).
 */
export function stepResult(
  modemKey: string,
  step: PlanStep,
  startedAt: number,
  command: string | null,
  status: StepResult['status'],
  message: string | null,
  errorCode: string | null,
  attempts: number,
  answer: { final: string; lines: string[]; parsed: unknown; captures: Record<string, unknown>; latencyMs: number } | null = null,
): StepResult {
  return {
    modemKey,
    seq: step.seq,
    stepKey: step.key,
    stepId: step.id,
    name: step.name,
    kind: step.kind,
    startedAt,
    command,
    status,
    message,
    errorCode,
    final: answer ? answer.final : null,
    lines: answer ? answer.lines : [],
    parsed: answer ? answer.parsed : null,
    captures: answer ? answer.captures : {},
    latencyMs: answer ? answer.latencyMs : null,
    attempts,
    endedAt: Date.now(),
  };
}
