/**
 * Broadcast: one command to the selected modems, one result grid.
 * Rows that differ from the majority (final + first info line) are marked.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { ApiError, type CommandResultView } from '../../src-preload/contract';
import { useApi } from '../api';

export interface BroadcastRow {
  modemId: string;
  result: CommandResultView;
  firstLine: string;
  differs: boolean;
}

function keyOf(r: CommandResultView): string {
  return `${r.status}\u0000${r.final ?? ''}\u0000${r.lines[0] ?? ''}`;
}

export const useBroadcastStore = defineStore('broadcast', () => {
  const targets = ref<string[]>([]);
  const command = ref('ATI');
  const running = ref<{ command: string; startedAt: number; cancelling: boolean } | null>(null);
  const results = shallowRef<CommandResultView[]>([]);
  const lastCommand = ref<string | null>(null);
  const error = ref<string | null>(null);
  const history = ref<string[]>([]);

  const majorityKey = computed(() => {
    const counts = new Map<string, number>();
    for (const r of results.value) counts.set(keyOf(r), (counts.get(keyOf(r)) ?? 0) + 1);
    let best: string | null = null;
    let n = 0;
    for (const [k, c] of counts) if (c > n) [best, n] = [k, c];
    return best;
  });

  const rows = computed<BroadcastRow[]>(() =>
    results.value.map((r) => ({
      modemId: r.modemId,
      result: r,
      firstLine: r.lines[0] ?? r.error?.message ?? '',
      differs: results.value.length > 1 && keyOf(r) !== majorityKey.value,
    })),
  );

  const summary = computed(() => {
    const s = { ok: 0, error: 0, timeout: 0, other: 0, differ: 0 };
    for (const r of rows.value) {
      if (r.result.status === 'ok') s.ok++;
      else if (r.result.status === 'error') s.error++;
      else if (r.result.status === 'timeout') s.timeout++;
      else s.other++;
      if (r.differs) s.differ++;
    }
    return s;
  });

  function setTargets(ids: string[]): void {
    targets.value = [...ids];
  }

  async function run(cmd = command.value): Promise<void> {
    const line = cmd.trim();
    if (!line || running.value || targets.value.length === 0) return;
    command.value = line;
    if (history.value[history.value.length - 1] !== line) history.value.push(line);
    running.value = { command: line, startedAt: Date.now(), cancelling: false };
    error.value = null;
    try {
      const r = await useApi().client.invoke('broadcast.exec', { modemIds: targets.value, command: line });
      results.value = r.results;
      lastCommand.value = line;
    } catch (err) {
      error.value = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    } finally {
      running.value = null;
    }
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

  return { targets, command, running, results, lastCommand, error, history, rows, summary, majorityKey, setTargets, run, cancel, start, stop };
});
