/** Health, ladder steps and timeline kinds as the UI names and colours them. */
import type { HealthState, HealthView, LadderStepName, ModemView, TimelineEventView } from '../../src-preload/contract';

export type RecoverAction = LadderStepName | 'revive';

export interface StepInfo {
  step: LadderStepName;
  label: string;
  /** One line for the menu. */
  summary: string;
  /** What the confirmation dialog says it does, in the engineer's words. */
  effect: string;
  /** Drops the modem's ports or restarts it: the confirm button is red. */
  disruptive: boolean;
}

export const LADDER_STEPS: readonly StepInfo[] = [
  {
    step: 'resync',
    summary: 'Bare AT, drain stray bytes until the channel is in step',
    label: 'Resync',
    effect: 'Resync sends a bare AT and drains the port until the modem answers in step again. Nothing is reset; commands wait a moment.',
    disruptive: false,
  },
  {
    step: 'reopen',
    summary: 'Close and reopen the AT port, re-initialise the session',
    label: 'Reopen port',
    effect: 'Reopen closes and reopens the AT port, then re-initialises the session (echo, verbose errors). The modem keeps running; commands wait.',
    disruptive: false,
  },
  {
    step: 'soft-reset',
    summary: 'AT+CFUN=1,1: the modem reboots, ports re-enumerate',
    label: 'Soft reset',
    effect: 'Soft reset sends AT+CFUN=1,1: the modem reboots and its ports re-enumerate; commands wait. It counts against the resets-per-hour budget.',
    disruptive: true,
  },
  {
    step: 'power-cycle',
    summary: 'External hook cuts power; skipped without a hook',
    label: 'Power cycle',
    effect: 'Power cycle runs the external power-cycle hook (hub port or relay): the modem loses power, re-enumerates and boots; commands wait. Skipped when no hook is configured.',
    disruptive: true,
  },
];

export const REVIVE_EFFECT =
  'Revive puts a failed modem back into service: it closes the circuit breaker, releases its queue and runs the ladder from "reopen". Do it after you fixed the cause (cable, SIM, power).';

export function stepLabel(step: LadderStepName | null | undefined): string {
  return LADDER_STEPS.find((s) => s.step === step)?.label ?? step ?? '';
}

export function actionLabel(a: RecoverAction): string {
  return a === 'revive' ? 'Revive' : stepLabel(a);
}

/** Worst first, so an ascending sort puts trouble at the top. */
export const HEALTH_ORDER: Record<HealthState, number> = { failed: 0, recovering: 1, degraded: 2, offline: 3, healthy: 4 };

/** The health a row shows: the monitor's view, or what the modem state implies before the first poll. */
export function healthOf(m: ModemView): HealthState | null {
  if (m.health) return m.health.state;
  if (m.state === 'offline') return 'offline';
  if (m.state === 'failed') return 'failed';
  return null;
}

export function healthTitle(m: ModemView): string {
  const h = m.health;
  const state = healthOf(m);
  if (!state) return 'No health data yet (the modem is being set up)';
  const lines = [`Health: ${state}`];
  if (h?.reasons.length) lines.push(...h.reasons.map((r) => `• ${r}`));
  else if (!h && m.reason) lines.push(`• ${m.reason}`);
  if (h && h.breaker !== 'closed') lines.push(`Circuit breaker: ${h.breaker}`);
  if (h?.recoveryStep) lines.push(`Recovery step: ${stepLabel(h.recoveryStep)}`);
  return lines.join('\n');
}

export function breakerLabel(b: HealthView['breaker']): string {
  return b === 'open' ? 'circuit open' : b === 'half-open' ? 'half-open' : 'closed';
}

export function fmtPercent(x: number | null | undefined): string {
  if (x == null) return '—';
  const p = x * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)} %`;
}

/** Colour class of a timeline entry: ok / err / off / warn / info. */
export function timelineTone(e: TimelineEventView): 'ok' | 'err' | 'off' | 'warn' | 'info' {
  switch (e.kind) {
    case 'step-ok':
    case 'recovered':
    case 'reattach':
      return 'ok';
    case 'step-failed':
    case 'failed':
      return 'err';
    case 'step-skipped':
      return 'off';
    case 'reboot':
    case 'disconnect':
      return 'warn';
    case 'breaker':
      return e.detail?.startsWith('open') ? 'err' : e.detail === 'half-open' ? 'warn' : 'ok';
    default:
      return 'info';
  }
}

const KIND_LABEL: Record<string, string> = {
  'recovery-start': 'Recovery started',
  'step-start': 'Step started',
  'step-ok': 'Step OK',
  'step-failed': 'Step failed',
  'step-skipped': 'Step skipped',
  recovered: 'Recovered',
  failed: 'Failed',
  reboot: 'Reboot',
  disconnect: 'Disconnected',
  reattach: 'Port reattached',
  breaker: 'Circuit breaker',
  health: 'Health',
};

export function timelineLabel(e: TimelineEventView): string {
  return KIND_LABEL[e.kind] ?? e.kind;
}

export type StepStatus = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

export interface LadderRun {
  startedAt: number;
  cause: string | null;
  steps: { step: LadderStepName; status: StepStatus; detail: string | null }[];
  outcome: 'running' | 'recovered' | 'failed';
  endedAt: number | null;
}

/** The last ladder run, from the timeline (oldest-first events): which step ran, passed, failed, was skipped. */
export function lastLadderRun(events: readonly TimelineEventView[]): LadderRun | null {
  let start = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.kind === 'recovery-start') {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const head = events[start]!;
  const steps = new Map<LadderStepName, { status: StepStatus; detail: string | null }>();
  let outcome: LadderRun['outcome'] = 'running';
  let endedAt: number | null = null;
  for (const e of events.slice(start + 1)) {
    if (e.kind === 'step-start' && e.step) steps.set(e.step, { status: 'running', detail: null });
    else if (e.kind === 'step-ok' && e.step) steps.set(e.step, { status: 'ok', detail: e.detail });
    else if (e.kind === 'step-failed' && e.step) steps.set(e.step, { status: 'failed', detail: e.detail });
    else if (e.kind === 'step-skipped' && e.step) steps.set(e.step, { status: 'skipped', detail: e.detail });
    else if (e.kind === 'recovered' || e.kind === 'failed') {
      outcome = e.kind;
      endedAt = e.at;
    }
  }
  const firstStep = LADDER_STEPS.findIndex((s) => steps.has(s.step));
  return {
    startedAt: head.at,
    cause: head.cause,
    steps: LADDER_STEPS.slice(Math.max(0, firstStep)).map((s) => ({ step: s.step, status: steps.get(s.step)?.status ?? 'pending', detail: steps.get(s.step)?.detail ?? null })),
    outcome,
    endedAt,
  };
}
