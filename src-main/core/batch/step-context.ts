/**
 * What a run computes once instead of on every step (issue 16: at 256 modems the runner's own
 * cost per step mattered): the `${modem.*}`, `${repeat.*}` and `${run.*}` built-ins, and the
 * dangerous-command verdict of each command text.
 */
import { type CommandLineClassification, classifyCommandLine } from '../../../src-preload/contract/dangerous';
import type { BatchPlan, PlanStep } from './plan';
import type { RunTarget } from './results';

type Builtins = { modem: Record<string, unknown>; repeat: Record<string, unknown>; run: Record<string, unknown> };

/** The built-ins of a step, read-only for everyone (conditions copy them before adding `response`). */
export class RunBuiltins {
  readonly #targets: readonly RunTarget[];
  readonly #run: Record<string, unknown>;
  readonly #modem = new Map<RunTarget, Record<string, unknown>>();
  /** Per step: its `repeat` built-in, one object for steps with the same iterations. */
  readonly #repeat = new Map<PlanStep, Record<string, unknown>>();
  readonly #last = new Map<RunTarget, Builtins>();

  constructor(plan: BatchPlan, targets: readonly RunTarget[], runId: number | null) {
    this.#targets = targets;
    this.#run = { name: plan.name, id: runId };
    const shared = new Map<string, Record<string, unknown>>();
    for (const s of plan.steps) {
      const k = s.iterations.join(',');
      let r = shared.get(k);
      if (!r) shared.set(k, (r = { index: s.iterations[s.iterations.length - 1] ?? 0, indexes: s.iterations }));
      this.#repeat.set(s, r);
    }
  }

  of(t: RunTarget, step: PlanStep): Record<string, unknown> {
    let modem = this.#modem.get(t);
    if (!modem) {
      // The identity is the snapshot the run started with; it does not change during the run.
      modem = { label: t.label, key: t.key, ...t.identity, index: this.#targets.indexOf(t) };
      this.#modem.set(t, modem);
    }
    const repeat = this.#repeat.get(step) ?? { index: step.iterations[step.iterations.length - 1] ?? 0, indexes: step.iterations };
    const last = this.#last.get(t);
    // Consecutive steps outside a repeat (or in one iteration of it) share one object.
    if (last?.repeat === repeat) return last;
    const b = { modem, repeat, run: this.#run };
    this.#last.set(t, b);
    return b;
  }
}

/** Distinct command texts whose verdict is kept (interpolated ones may differ per modem). */
const DANGER_CACHE_MAX = 4096;

/** The classifier is pure: one verdict per command text, not one per step. */
export class DangerVerdicts {
  readonly #cache = new Map<string, CommandLineClassification>();

  of(command: string): CommandLineClassification {
    let d = this.#cache.get(command);
    if (!d) {
      d = classifyCommandLine(command);
      if (this.#cache.size >= DANGER_CACHE_MAX) this.#cache.clear();
      this.#cache.set(command, d);
    }
    return d;
  }
}
