import type { CommandPlan } from './plan';
import type { FinalResult, ResultMode } from './types';
import type { ModemSettingsSeen } from './session-types';

/**
 * What a session knows of the modem's settings, learned from the wire and
 * never assumed: echo from whether commands came back echoed, V0/V1 from how
 * result codes are spelled, +CMEE from the error shapes and the user's own
 * AT+CMEE. A reset (ATZ, AT&F, RDY) forgets it all: the saved profile is unknown.
 */
export class SettingsSeen {
  /** A hint only: a lone digit ended by a bare CR is a result code whatever this says. */
  mode: ResultMode = 'verbose';
  modeKnown = false;
  echo: boolean | null = null;
  cmee: 0 | 1 | 2 | null = null;

  get knownVerbose(): boolean {
    return this.modeKnown && this.mode === 'verbose';
  }

  view(): ModemSettingsSeen {
    return { echo: this.echo, resultMode: this.modeKnown ? this.mode : null, cmee: this.cmee };
  }

  forget(): void {
    this.modeKnown = false;
    this.echo = null;
    this.cmee = null;
  }

  /** The spelling of a result code says how the modem is set: `0` is ATV0, `+CME ERROR: 10` is +CMEE 1. */
  learnFinal(final: FinalResult): void {
    if (final.kind === 'prompt' || final.kind === 'cms-error') return;
    if (final.kind === 'cme-error') {
      if (final.raw.length > 11) this.cmee = /^\+CME ERROR:\s*\d+\s*$/.test(final.raw) ? 1 : 2;
      return;
    }
    this.mode = final.raw.length === 1 ? 'numeric' : 'verbose';
    this.modeKnown = true;
  }

  /** ATV/ATE/ATZ/AT&F/+CMEE of a command that succeeded change how the modem talks to us. */
  track(plan: CommandPlan, lines: readonly string[]): void {
    const b = plan.basic;
    if (b.reset) this.forget();
    if (b.v !== undefined) {
      this.mode = b.v === 0 ? 'numeric' : 'verbose';
      this.modeKnown = true;
    }
    if (b.e !== undefined) this.echo = b.e === 1;
    if (plan.prefixes.length > 0 && plan.prefixes[0] === '+CMEE') {
      const m = /\+CMEE(?:=([012])\s*$|\?)/.exec(plan.upper);
      const v = m?.[1] ?? /^\+CMEE:\s*([012])/.exec(lines[0] ?? '')?.[1];
      if (v !== undefined) this.cmee = Number(v) as 0 | 1 | 2;
    }
  }
}
