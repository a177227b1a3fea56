/**
 * Broadcast: one command to the selected modems, one result grid, grouped by
 * outcome; differences are flagged only among ok answers that should agree
 * (lib/broadcast-compare).
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiError, type CommandResultView } from '../../src-preload/contract';
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

  const analysis = computed(() => analyse(lastCommand.value ?? '', results.value));
  const rows = computed<BroadcastRow[]>(() => analysis.value.rows);
  const columns = computed(() => parsedColumns(results.value));
  const summary = computed(() => {
    const a = analysis.value;
    return { ...a.counts, differ: a.differ, distinct: a.distinct, mode: a.mode, commonAnswer: a.commonAnswer };
  });
  const failed = computed(() => failedIds(rows.value));

  function setTargets(ids: string[]): void {
    targets.value = [...ids];
  }

  /**
   * Sends to every target, or (`only`) to some of them: "resend to failed
   * only" keeps the other rows' answers and replaces the resent ones.
   */
  async function run(cmd = command.value, only?: string[]): Promise<void> {
    const line = cmd.trim();
    const ids = only ?? targets.value;
    if (!line || running.value || ids.length === 0) return;
    command.value = line;
    if (history.value[history.value.length - 1] !== line) history.value.push(line);
    running.value = { command: line, startedAt: Date.now(), cancelling: false, count: ids.length };
    error.value = null;
    try {
      const r = await useApi().client.invoke('broadcast.exec', { modemIds: ids, command: line });
      if (only && lastCommand.value === line) {
        const fresh = new Map(r.results.map((x) => [x.modemId, x]));
        const kept = results.value.map((x) => fresh.get(x.modemId) ?? x);
        for (const x of r.results) if (!kept.includes(x)) kept.push(x);
        results.value = kept;
      } else results.value = r.results;
      lastCommand.value = line;
    } catch (err) {
      error.value = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    } finally {
      running.value = null;
    }
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

  return { targets, command, running, results, lastCommand, error, history, rows, columns, summary, failed, setTargets, run, resendFailed, cancel, start, stop };
});
