/**
 * A modem driven from this process through a local port (real or
 * simulated): the `SupervisedModem` with what the app needs beyond it, its QMI
 * requests and, when simulated, its cable. Its hooks are the app's.
 */
import type { QmiResultView } from '../../../src-preload/contract/qmi';
import { SupervisedModem, type SupervisedModemOptions } from './supervised-modem';
import type { ManagedModem, ModemSourceContext } from './modem-source';

export type LocalModemParts = Pick<SupervisedModemOptions, 'label' | 'simulated' | 'simIndex' | 'ports' | 'usb' | 'bench' | 'locator' | 'powerCycle' | 'qmiSignal'> & {
  /** Its QMI request, given the ports it has now (a cdc-wdm may come and go with re-enumeration). */
  qmi(ports: readonly { path: string; role: string }[], request: string, timeoutMs?: number): Promise<QmiResultView>;
  /** A simulated modem's USB cable. @default undefined */
  cable?: { unplug(): void; replug(): void };
};

export class LocalModem extends SupervisedModem implements ManagedModem {
  readonly cable?: { unplug(): void; replug(): void };
  readonly #qmi: LocalModemParts['qmi'];

  constructor(ctx: ModemSourceContext, parts: LocalModemParts) {
    const { qmi, cable, ...entry } = parts;
    super(entryOptions(ctx, entry));
    this.#qmi = qmi;
    if (cable) this.cable = cable;
  }

  qmi(request: string, o: { timeoutMs?: number } = {}): Promise<QmiResultView> {
    return this.#qmi(this.view().ports, request, o.timeoutMs);
  }
}

function entryOptions(ctx: ModemSourceContext, o: Omit<LocalModemParts, 'qmi' | 'cable'>): SupervisedModemOptions {
  const settings = ctx.settings();
  // Every entry made here is a LocalModem: the hooks see the modem the registry holds.
  const m = (e: SupervisedModem) => e as LocalModem;
  return {
    ...o,
    hookMutex: ctx.hookMutex,
    resetsPerHour: settings.resetsPerHour,
    healthPollMs: settings.healthPollMs,
    onChange: (e) => ctx.hooks.changed(m(e)),
    onConsole: (e) => ctx.hooks.console(m(e)),
    labTags: (imei) => ctx.labTags(imei),
    onTimeline: (e, ev) => ctx.hooks.timeline(m(e), ev),
    onAttempt: (e, a) => ctx.hooks.attempt(m(e), a),
    onHealthSample: (e, h) => ctx.hooks.healthSample(m(e), h),
    logger: ctx.logger,
  };
}
