/**
 * Per-modem consoles: open tabs, the panes of the split, each open modem's
 * transcript buffer (modem.transcript, then 'console.entries', which the main
 * side sends only for the modems subscribed here), input history and drafts
 * (kept across tab switches), the running command.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowReactive } from 'vue';
import { ApiError, type CommandResultView, type ConsoleEntry, statusOfErrorCode } from '../../src-preload/contract';
import { useApi } from '../api';
import { loadAndResync } from '../api/resync';
import type { MacroStep } from '../lib/macros';

/** Lines kept per modem; older ones are trimmed from the front. */
export const CONSOLE_CAP = 5000;
const HISTORY_CAP = 200;

export interface ConsoleBuffer {
  modemId: string;
  /** markRaw: appended in place; `version` is what views watch. */
  entries: ConsoleEntry[];
  version: number;
  lastSeq: number;
  /** Entries dropped from the front since open (trim or clear), for scroll compensation. */
  dropped: number;
  loading: boolean;
  error: string | null;
}

export interface RunningCommand {
  command: string;
  startedAt: number;
  cancelling: boolean;
  /** Names it to the server, so that Cancel stops this command and no other of this window's. */
  requestId: string;
}

export type Split = 1 | 2 | 4;

export interface MacroRun {
  name: string;
  /** 1-based step now running. */
  step: number;
  total: number;
  /** When the current wait ends (ms since epoch), null while a command runs. */
  waitUntil: number | null;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export const useConsolesStore = defineStore('consoles', () => {
  const tabs = ref<string[]>([]);
  const panes = ref<(string | null)[]>([null]);
  const focusedPane = ref(0);
  const buffers = shallowReactive(new Map<string, ConsoleBuffer>());
  const history = reactive<Record<string, string[]>>({});
  const drafts = reactive<Record<string, string>>({});
  const running = reactive<Record<string, RunningCommand>>({});
  const lastResult = reactive<Record<string, CommandResultView>>({});
  const hex = reactive<Record<string, boolean>>({});
  /** Health polls and recovery traffic are hidden unless asked for. */
  const showBackground = ref(false);
  /** Timestamps with the date (for transcripts that span days, or to paste into a report). */
  const fullDate = ref(false);
  /** The file each modem's console is being logged to (server side), null when not. */
  const logFiles = reactive<Record<string, string | null>>({});
  /** A macro running on a modem: which step, and the wait it is in. */
  const macroRuns = reactive<Record<string, MacroRun>>({});
  const macroStops = new Map<string, AbortController>();
  /** Numbers this window's commands for their requestIds (a cancel names one; the server scopes them to this window). */
  let requests = 0;
  let offs: (() => void)[] = [];

  const split = computed(() => panes.value.length as Split);
  const focusedModem = computed(() => panes.value[focusedPane.value] ?? null);

  function merge(buf: ConsoleBuffer, incoming: ConsoleEntry[]): void {
    if (incoming.length === 0) return;
    const fresh = incoming.filter((e) => e.seq > buf.lastSeq);
    if (fresh.length === 0) return;
    const inOrder = fresh.every((e, i) => i === 0 || e.seq > fresh[i - 1]!.seq);
    if (!inOrder) fresh.sort((a, b) => a.seq - b.seq);
    buf.entries.push(...fresh);
    buf.lastSeq = fresh[fresh.length - 1]!.seq;
    const over = buf.entries.length - CONSOLE_CAP;
    if (over > 0) {
      buf.entries.splice(0, over);
      buf.dropped += over;
    }
    buf.version++;
  }

  async function fetchTranscript(buf: ConsoleBuffer): Promise<void> {
    const { client } = useApi();
    buf.loading = true;
    try {
      const input = buf.lastSeq > 0 ? { modemId: buf.modemId, afterSeq: buf.lastSeq, limit: CONSOLE_CAP } : { modemId: buf.modemId, limit: CONSOLE_CAP };
      const r = await client.invoke('modem.transcript', input);
      merge(buf, r.entries);
      buf.error = null;
    } catch (err) {
      buf.error = err instanceof Error ? err.message : String(err);
    } finally {
      buf.loading = false;
    }
  }

  /**
   * Asks for the console lines of the open consoles only. Sent before a new
   * console's transcript is fetched: invokes are answered in order, so no line
   * falls between the transcript and the first pushed lines (merge drops repeats).
   */
  function subscribe(): Promise<void> {
    return useApi()
      .client.invoke('console.subscribe', { modemIds: [...buffers.keys()] })
      .then(
        () => undefined,
        () => undefined, // a failed subscribe leaves the old list: at worst, more lines than needed
      );
  }

  function ensureBuffer(modemId: string): ConsoleBuffer {
    let buf = buffers.get(modemId);
    if (!buf) {
      buf = reactive({ modemId, entries: markRaw([] as ConsoleEntry[]), version: 0, lastSeq: 0, dropped: 0, loading: false, error: null }) as ConsoleBuffer;
      buffers.set(modemId, buf);
      void subscribe();
      void fetchTranscript(buf);
      void logFile(modemId);
    }
    return buf;
  }

  /** Starts or stops logging a modem's console to a file on the server (undefined: only asks). */
  async function logFile(modemId: string, enabled?: boolean): Promise<string | null> {
    try {
      const r = await useApi().client.invoke('console.logFile', enabled === undefined ? { modemId } : { modemId, enabled });
      logFiles[modemId] = r.path;
      return r.path;
    } catch {
      return logFiles[modemId] ?? null;
    }
  }

  /** Opens consoles for the modems and shows them: one in the focused pane, several split. */
  function open(ids: string[]): void {
    if (ids.length === 0) return;
    for (const id of ids) {
      if (!tabs.value.includes(id)) tabs.value.push(id);
      ensureBuffer(id);
    }
    if (ids.length === 1) {
      show(ids[0]!);
      return;
    }
    const n: Split = ids.length >= 4 ? 4 : 2;
    panes.value = Array.from({ length: n }, (_, i) => ids[i] ?? null);
    focusedPane.value = 0;
  }

  /** Shows a tab in the focused pane (or focuses the pane already showing it). */
  function show(id: string): void {
    const at = panes.value.indexOf(id);
    if (at >= 0) {
      focusedPane.value = at;
      return;
    }
    const next = [...panes.value];
    next[focusedPane.value] = id;
    panes.value = next;
  }

  /** Closes every console tab. */
  function closeAll(): void {
    tabs.value = [];
    panes.value = panes.value.map(() => null);
    if (buffers.size > 0) {
      buffers.clear();
      void subscribe();
    }
  }

  function close(id: string): void {
    tabs.value = tabs.value.filter((t) => t !== id);
    const shown = new Set(panes.value);
    const spare = tabs.value.filter((t) => !shown.has(t));
    panes.value = panes.value.map((p) => (p === id ? (spare.shift() ?? null) : p));
    if (buffers.delete(id)) void subscribe();
  }

  function setSplit(n: Split): void {
    const shown = panes.value.filter((p): p is string => p !== null);
    const spare = tabs.value.filter((t) => !shown.includes(t));
    const next: (string | null)[] = [];
    for (let i = 0; i < n; i++) next.push(panes.value[i] ?? spare.shift() ?? null);
    panes.value = next;
    if (focusedPane.value >= n) focusedPane.value = 0;
  }

  function focusPane(i: number): void {
    if (i >= 0 && i < panes.value.length) focusedPane.value = i;
  }

  /** Clears the view only: the modem's transcript on the main side is kept. */
  function clear(modemId: string): void {
    const buf = buffers.get(modemId);
    if (!buf) return;
    buf.dropped += buf.entries.length;
    buf.entries.length = 0;
    buf.version++;
    delete lastResult[modemId];
  }

  function pushHistory(modemId: string, command: string): void {
    const h = (history[modemId] ??= []);
    if (h[h.length - 1] !== command) h.push(command);
    if (h.length > HISTORY_CAP) h.splice(0, h.length - HISTORY_CAP);
  }

  /**
   * Sends one command line. `confirm`: the engineer confirmed a dangerous line (the server refuses it otherwise);
   * `payload`: the text for the command's `> ` prompt (the session sends it and the Ctrl-Z).
   */
  async function exec(modemId: string, command: string, o: { confirm?: boolean; payload?: string } = {}): Promise<CommandResultView | null> {
    if (running[modemId]) return null;
    pushHistory(modemId, command);
    const requestId = `c${++requests}`;
    running[modemId] = { command, startedAt: Date.now(), cancelling: false, requestId };
    delete lastResult[modemId];
    let result: CommandResultView;
    try {
      result = await useApi().client.invoke('modem.exec', {
        modemId,
        command,
        requestId,
        ...(o.confirm ? { confirm: true } : {}),
        ...(o.payload !== undefined ? { payload: o.payload } : {}),
      });
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'internal';
      const status = statusOfErrorCode(code);
      result = {
        modemId,
        command,
        status,
        final: null,
        lines: [],
        urcs: [],
        echo: null,
        parsed: null,
        latencyMs: Date.now() - (running[modemId]?.startedAt ?? Date.now()),
        error: { code, message: err instanceof Error ? err.message : String(err) },
      };
    }
    delete running[modemId];
    lastResult[modemId] = result;
    return result;
  }

  /**
   * Runs a macro's steps on one modem in order: each command waits for its
   * result, each wait for its time. `confirm` sends its dangerous lines (asked
   * before the run). Stops at the end or at stopMacro().
   */
  async function runMacro(modemId: string, name: string, steps: readonly MacroStep[], confirm = false): Promise<void> {
    if (macroRuns[modemId] || running[modemId]) return;
    const ac = new AbortController();
    macroStops.set(modemId, ac);
    macroRuns[modemId] = { name, step: 0, total: steps.length, waitUntil: null };
    try {
      for (let i = 0; i < steps.length && !ac.signal.aborted; i++) {
        const st = steps[i]!;
        const run = macroRuns[modemId]!;
        run.step = i + 1;
        if (st.kind === 'wait') {
          run.waitUntil = Date.now() + st.ms;
          await abortableSleep(st.ms, ac.signal);
          run.waitUntil = null;
        } else {
          await exec(modemId, st.command, { confirm });
        }
      }
    } finally {
      delete macroRuns[modemId];
      macroStops.delete(modemId);
    }
  }

  function stopMacro(modemId: string): void {
    macroStops.get(modemId)?.abort();
    if (running[modemId]) void cancel(modemId);
  }

  async function cancel(modemId: string): Promise<void> {
    const r = running[modemId];
    if (!r) return;
    r.cancelling = true;
    try {
      await useApi().client.invoke('modem.cancel', { modemId, requestId: r.requestId });
    } catch {
      // The exec call reports how it ended; nothing more to say here.
    }
  }

  function toggleHex(modemId: string): void {
    hex[modemId] = !hex[modemId];
  }

  function start(): Promise<void> {
    const { client, connection } = useApi();
    offs.push(
      client.on('console.entries', ({ modemId, entries }) => {
        const buf = buffers.get(modemId);
        if (buf) merge(buf, entries);
      }),
    );
    // Now and after a reconnect (a new connection starts with every modem's lines):
    // subscribe to the open consoles, then fetch what each of them missed.
    offs.push(
      loadAndResync(connection, async () => {
        await subscribe();
        await Promise.all([...buffers.values()].map((b) => fetchTranscript(b)));
      }),
    );
    return Promise.resolve();
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
  }

  return {
    tabs,
    panes,
    focusedPane,
    buffers,
    history,
    drafts,
    running,
    lastResult,
    hex,
    showBackground,
    fullDate,
    logFiles,
    logFile,
    macroRuns,
    runMacro,
    stopMacro,
    split,
    focusedModem,
    open,
    show,
    close,
    closeAll,
    setSplit,
    focusPane,
    clear,
    exec,
    cancel,
    toggleHex,
    start,
    stop,
  };
});
