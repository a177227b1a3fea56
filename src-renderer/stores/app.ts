/** App-wide facts for the status bar: app info, bench figures, transport and connection. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { AppInfoView, BenchStatusView } from '../../src-preload/contract';
import { useApi, type ConnectionInfo } from '../api';
import { loadAndResync } from '../api/resync';

export const useAppStore = defineStore('app', () => {
  const info = shallowRef<AppInfoView | null>(null);
  const status = shallowRef<BenchStatusView | null>(null);
  const transport = ref<'electron' | 'websocket' | 'memory'>('memory');
  const connection = ref<ConnectionInfo>({ state: 'connecting', attempt: 0, retryAt: null, opens: 0 });
  const infoError = ref<string | null>(null);
  let offs: (() => void)[] = [];

  function setStatus(s: BenchStatusView): void {
    status.value = s;
  }

  function start(): Promise<void> {
    const { client, connection: conn } = useApi();
    transport.value = client.transport;
    connection.value = conn.current;
    offs.push(conn.onChange((c) => (connection.value = c)));
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

  return { info, status, transport, connection, infoError, setStatus, start, stop, retryNow };
});
