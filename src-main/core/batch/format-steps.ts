/**
 * The `steps` section of a batch file, apart from the file-level passes in format.ts:
 * one kind per step, conditions, captures, dangerous commands, repeats and polls;
 * includes are format-includes.ts, the shared context format-context.ts. Steps are
 * checked once per written template and unrolled only when the whole file is good.
 */
import { parseRequest, REQUEST_NAMES } from '../qmi/requests';
import { checkCommand, compileCapture, compileExpect } from './checks';
import { type Body, type Ctx, type Emit, fmt, parseDuration } from './format-context';
import { compileInclude } from './format-includes';
import type { OnFailure, PlanStep } from './plan';
import { type Doc, type Path, isBroken, position } from './yaml-doc';

const KINDS = ['send', 'wait', 'repeat', 'poll', 'include', 'qmi'] as const;
type Kind = (typeof KINDS)[number];
const ALLOWED: Record<Kind, string[]> = {
  send: ['name', 'send', 'expect', 'capture', 'timeout', 'retries', 'on_failure', 'allow_dangerous'],
  wait: ['name', 'wait'],
  repeat: ['name', 'repeat', 'steps'],
  poll: ['name', 'poll', 'capture', 'on_failure', 'allow_dangerous'],
  include: ['name', 'include'],
  qmi: ['name', 'qmi', 'expect', 'capture', 'timeout', 'retries', 'on_failure'],
};

/** Why a `qmi:` request would be refused (unknown name, bad argument), or null: checked here so a typo fails before any modem is asked. */
function checkQmiRequest(request: string): string | null {
  try {
    parseRequest(request);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/ \(known: .*\)$/, '');
  }
}

/**
 * Checks a list of steps and returns a function that appends their instances, and their cost.
 * Checking happens once per template (errors are not repeated per iteration).
 */
export async function compileSteps(ctx: Ctx, d: Doc, list: unknown[], path: Path, idPrefix: string, stack: string[]): Promise<Body> {
  const emits: Emit[] = [];
  let cost = 0;
  for (const [i, raw] of list.entries()) {
    const here: Path = [...path, i];
    if (isBroken(d, '/' + here.join('/')) || raw === null || typeof raw !== 'object' || Array.isArray(raw)) continue;
    // Checking costs per written step: a file that includes a large file a thousand times stops here.
    if (++ctx.templates > ctx.limits.maxWrittenSteps) {
      if (!ctx.stepsReported) {
        ctx.stepsReported = true;
        const { line, column } = position(d, here);
        ctx.problems.push({ file: d.file, line, column, path: '/' + here.join('/'), message: `more than ${fmt(ctx.limits.maxWrittenSteps)} steps written in the file and its includes (each include counted where it is included)`, expected: 'fewer steps or includes' });
      }
      return { emit: () => {}, cost: Infinity };
    }
    const s = raw as Record<string, unknown>;
    const id = idPrefix === '' ? String(i + 1) : `${idPrefix}.${i + 1}`;
    const line = position(d, here).line;
    const problem = (sub: Path, message: string, expected: string | null, key = false, offset = 0): void => {
      const { line: l, column } = position(d, [...here, ...sub], key, offset);
      ctx.problems.push({ file: d.file, line: l, column, path: '/' + [...here, ...sub].join('/'), message, expected });
    };
    const kinds = KINDS.filter((k) => k in s);
    if (kinds.length !== 1) {
      if (kinds.length > 1) problem([kinds[1]!], `a step has one kind, this one has ${kinds.join(' and ')}`, 'one of send, wait, repeat, poll, include, qmi per step', true);
      continue;
    }
    const kind = kinds[0]!;
    for (const k of Object.keys(s)) {
      if (!ALLOWED[kind].includes(k)) problem([k], `'${k}' does not go with '${kind}'`, `one of ${ALLOWED[kind].join(', ')}`, true);
    }
    const name = typeof s.name === 'string' ? s.name : null;
    const onFailure = (s.on_failure as OnFailure | undefined) ?? ctx.settings.onFailure;
    const allowDangerous = s.allow_dangerous === true;
    const file = d.file;
    const push = (step: PlanStep): void => {
      step.seq = ctx.steps.length;
      ctx.steps.push(step);
    };

    /** What a send and a qmi step share: the expectation, captures (known to later steps), timeout and retries. */
    const exchange = () => {
      const expect = compileExpect(s.expect ?? 'ok', (sub, m, e, off) => problem(['expect', ...sub], m, e, false, off), ctx.known);
      const capture = compileCapture(s.capture, (sub, m, e, off) => problem(['capture', ...sub], m, e, false, off));
      for (const c of capture) ctx.known.add(c.name);
      const timeoutMs = s.timeout !== undefined ? parseDuration(s.timeout) : ctx.settings.timeoutMs;
      const retries = (s.retries as number | undefined) ?? ctx.settings.retries;
      return { expect, capture, timeoutMs, retries };
    };

    switch (kind) {
      case 'send': {
        const command = (s.send as string).trim();
        checkCommand(command, ctx.known, allowDangerous, (m, e, off) => problem(['send'], m, e, false, off));
        const { expect, capture, timeoutMs, retries } = exchange();
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'send', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? command, file, line, iterations, command, expect, capture, timeoutMs, retries, onFailure, allowDangerous }),
        );
        break;
      }
      case 'qmi': {
        const request = (s.qmi as string).trim();
        const bad = checkQmiRequest(request);
        if (bad) problem(['qmi'], bad, bad.startsWith('unknown QMI request') ? `one of ${REQUEST_NAMES.join(', ')}` : 'the request with a valid argument after =');
        const { expect, capture, timeoutMs, retries } = exchange();
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'qmi', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `qmi ${request}`, file, line, iterations, request, expect, capture, timeoutMs, retries, onFailure }),
        );
        break;
      }
      case 'wait': {
        const waitMs = parseDuration(s.wait);
        cost += 1;
        emits.push((iterations, kp) => push({ kind: 'wait', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `wait ${String(s.wait)}`, file, line, iterations, waitMs }));
        break;
      }
      case 'poll': {
        const p = s.poll as Record<string, unknown>;
        const command = (p.send as string).trim();
        checkCommand(command, ctx.known, allowDangerous, (m, e, off) => problem(['poll', 'send'], m, e, false, off));
        const until = compileExpect(p.until, (sub, m, e, off) => problem(['poll', 'until', ...sub], m, e, false, off), ctx.known);
        const capture = compileCapture(s.capture, (sub, m, e, off) => problem(['capture', ...sub], m, e, false, off));
        for (const c of capture) ctx.known.add(c.name);
        const everyMs = p.every !== undefined ? parseDuration(p.every) : 2000;
        const budgetMs = p.timeout !== undefined ? parseDuration(p.timeout) : 60_000;
        if (everyMs <= 0) problem(['poll', 'every'], 'a poll interval of 0 would spin', 'a duration above 0');
        const timeoutMs = ctx.settings.timeoutMs;
        cost += 1;
        emits.push((iterations, kp) =>
          push({ kind: 'poll', seq: 0, key: `${kp}${i + 1}`, id, name: name ?? `poll ${command}`, file, line, iterations, command, until, capture, everyMs, budgetMs, timeoutMs, onFailure, allowDangerous }),
        );
        break;
      }
      case 'repeat': {
        const n = s.repeat as number;
        if (!Array.isArray(s.steps)) {
          problem(['repeat'], "a repeat needs 'steps'", "'steps': the block to repeat", true);
          break;
        }
        const body = await compileSteps(ctx, d, s.steps, [...here, 'steps'], id, stack);
        const c = n * Math.max(1, body.cost);
        if (c > ctx.limits.maxSteps && !ctx.stepsReported) {
          ctx.stepsReported = true;
          problem(['repeat'], `more than ${fmt(ctx.limits.maxSteps)} step instances per modem once repeats are unrolled (this repeat makes ${fmt(c)})`, 'fewer repeats (nested repeats multiply)');
        }
        cost += c;
        emits.push((iterations, kp) => {
          for (let k = 1; k <= n; k++) body.emit([...iterations, k], `${kp}${i + 1}[${k}].`);
        });
        break;
      }
      case 'include': {
        const body = await compileInclude(ctx, d, s.include as string, stack, id, (m, e) => problem(['include'], m, e), compileSteps);
        cost += Math.max(1, body?.cost ?? 1);
        if (body) emits.push((iterations, kp) => body.emit(iterations, `${kp}${i + 1}.`));
        break;
      }
    }
  }
  const emit: Emit = (iterations, kp) => {
    for (const e of emits) e(iterations, kp);
  };
  return { emit, cost };
}
