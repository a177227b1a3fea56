/**
 * App-wide facts for the status bar: app info, bench figures, transport and
 * connection. `lostAt` says since when what the page shows is only last
 * known: set when the link drops, cleared only once the bench has been read
 * again after the reconnect (markSynced), not merely when the socket opens.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AppInfoView, BenchStatusView } from '../../src-preload/contract';
import { useApi, type ConnectionInfo } from '../api';
import { loadAndResync } from '../api/resync';

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfoView | null>(null);
  const status = shallowRef<BenchStatusView | null>(null);
  const transport = ref<'electron' | 'websocket' | 'memory'>('memory');
  const connection = ref<ConnectionInfo>({ state: 'connecting', attempt: 0, retryAt: null, opens: 0 });
  const infoError = ref<string | null>(null);
  const lostAt = ref<number | null>(null);
  /** Live values on screen are last-known, not live. */
  const stale = computed(() => lostAt.value !== null);
  let offs: (() => void)[] = [];

  function setStatus(s: BenchStatusView): void {
    status.value = s;
  }

  function onConnection(c: ConnectionInfo): void {
    const was = connection.value;
    connection.value = c;
    // Only a link that was up can be lost; the first connect is "connecting", not stale data.
    if (c.state !== 'open' && lostAt.value === null && (was.state === 'open' || c.opens > 0)) lostAt.value = Date.now();
  }

  /** The bench was read again over a live link: values are fresh. */
  function markSynced(): void {
    if (connection.value.state === 'open') lostAt.value = null;
  }

  function start(): Promise<void> {
    const { client, connection: conn } = useApi();
    transport.value = client.transport;
    connection.value = conn.current;
    offs.push(conn.onChange(onConnection));
    offs.push(client.on('bench.status', setStatus));
    return new Promise((resolve) => {
      offs.push(
        loadAndResync(conn, async () => {
          try {
            info.value = await client.invoke('app.info', {});
            infoError.value = null;
          } catch (err) {
            infoError.value = err instanceof Error ? err.message : String(err);
            throw err;
          } finally {
            resolve();
          }
        }),
      );
    });
  }

  function stop(): void {
    for (const off of offs) off();
    offs = [];
  }

  function retryNow(): void {
    useApi().connection.retryNow();
  }

  return { info, status, transport, connection, infoError, lostAt, stale, setStatus, markSynced, start, stop, retryNow };
});
