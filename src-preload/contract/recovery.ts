/** Manual recovery: the limits the confirmation states, enforced by the supervisor. */
import type { LadderStepName } from './domain';

/**
 * A ladder step run by hand gives up after this long (ms): the dialog's time
 * claim and the supervisor's deadline are this one table. A reset's worst
 * case is the reboot, the ports coming back, the boot and the SIM.
 */
export const MANUAL_STEP_LIMIT_MS: Record<LadderStepName, number> = {
  resync: 30_000,
  reopen: 60_000,
  'soft-reset': 180_000,
  'power-cycle': 240_000,
};

/** How a manual step ended: it ran and the modem answers; it ran and did not; it could not run; the engineer stopped it. */
export type ManualStepResult = 'ok' | 'failed' | 'skipped' | 'cancelled';

export interface ManualStepOutcomeView {
  state: string;
  result: ManualStepResult;
  /** Why it failed, was skipped or stopped. */
  detail: string | null;
}
