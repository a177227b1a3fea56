/**
 * Broadcast: one command to the selected modems, one result grid, grouped by
 * outcome; differences are flagged only among ok answers that should agree
 * (lib/broadcast-compare).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiError, classifyCommandLine, type CommandResultView, type DangerousCommand } from '../../src-preload/contract';
import { useApi } from '../api';
import { analyse, failedIds, parsedColumns, type AnalysedRow } from '../lib/broadcast-compare';

export type BroadcastRow = AnalysedRow;

export const useBroadcastStore = defineStore('broadcast', () => {
  const targets = ref<string[]>([]);
  const command = ref('ATI');
  const running = ref<{ command: string; startedAt: number; cancelling: boolean; count: number } | null>(null);
  const results = shallowRef<CommandResultView[]>([]);
  const lastCommand = ref<string | null>(null);
  const error = ref<string | null>(null);
  const history = ref<string[]>([]);
  /** A dangerous line waits here for the engineer's yes, with the modems it would go to. */
  const pendingConfirm = ref<{ command: string; modemIds: string[]; commands: DangerousCommand[] } | null>(null);

  const analysis = computed(() => analyse(lastCommand.value ?? '', results.value));
  const rows = computed<BroadcastRow[]>(() => analysis.value.rows);
  const columns = computed(() => parsedColumns(results.value));
  const summary = computed(() => {
    const a = analysis.value;
    return { ...a.counts, differ: a.differ, distinct: a.distinct, answers: a.answers, mode: a.mode, commonAnswer: a.commonAnswer };
  });
  const failed = computed(() => failedIds(rows.value));

  function setTargets(ids: string[]): void {
    targets.value = [...ids];
  }

  /**
   * Sends to every target, or (`only`) to some of them: "resend to failed
   * only" keeps the other rows' answers and replaces the resent ones.
   */
  async function run(cmd = command.value, only?: string[], confirmed = false): Promise<void> {
    const line = cmd.trim();
    const ids = only ?? targets.value;
    if (!line || running.value || ids.length === 0) return;
    // A reset, power-off or factory default on many modems at once is asked first, listing them.
    const danger = classifyCommandLine(line);
    if (danger.dangerous && !confirmed) {
      command.value = line;
      pendingConfirm.value = { command: line, modemIds: [...ids], commands: danger.commands };
      return;
    }
    pendingConfirm.value = null;
    command.value = line;
    if (history.value[history.value.length - 1] !== line) history.value.push(line);
    running.value = { command: line, startedAt: Date.now(), cancelling: false, count: ids.length };
    error.value = null;
    try {
      const r = await useApi().client.invoke('broadcast.exec', { modemIds: ids, command: line, ...(confirmed ? { confirm: true } : {}) });
      if (only && lastCommand.value === line) {
        const fresh = new Map(r.results.map((x) => [x.modemId, x]));
        const kept = results.value.map((x) => fresh.get(x.modemId) ?? x);
        for (const x of r.results) if (!kept.includes(x)) kept.push(x);
        results.value = kept;
      } else results.value = r.results;
      lastCommand.value = line;
    } catch (err) {
      // The server's classifier is the gate: should it know a danger this page does not, ask the same way.
      if (err instanceof ApiError && err.code === 'confirmation-required' && !confirmed) {
        const d = err.details as { commands?: DangerousCommand[] } | undefined;
        pendingConfirm.value = { command: line, modemIds: [...ids], commands: d?.commands ?? [] };
      } else error.value = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    } finally {
      running.value = null;
    }
  }

  /** The engineer agreed: send the pending line with confirm: true. */
  function confirmPending(): Promise<void> {
    const p = pendingConfirm.value;
    if (!p) return Promise.resolve();
    pendingConfirm.value = null;
    const all = p.modemIds.length === targets.value.length && p.modemIds.every((id) => targets.value.includes(id));
    return run(p.command, all ? undefined : p.modemIds, true);
  }

  function cancelPending(): void {
    pendingConfirm.value = null;
  }

  /** Resends the last command to the modems whose answer was not ok. */
  function resendFailed(): Promise<void> {
    if (!lastCommand.value || failed.value.length === 0) return Promise.resolve();
    return run(lastCommand.value, failed.value);
  }

  /** No broadcast-level cancel in the contract: cancel each target's command. */
  async function cancel(): Promise<void> {
    if (!running.value) return;
    running.value = { ...running.value, cancelling: true };
    const { client } = useApi();
    await Promise.allSettled(targets.value.map((modemId) => client.invoke('modem.cancel', { modemId })));
  }

  function start(): Promise<void> {
    return Promise.resolve();
  }
  function stop(): void {}

  return {
    targets,
    command,
    running,
    results,
    lastCommand,
    error,
    history,
    pendingConfirm,
    rows,
    columns,
    summary,
    failed,
    setTargets,
    run,
    resendFailed,
    confirmPending,
    cancelPending,
    cancel,
    start,
    stop,
  };
});
