/**
 * Runs a store's load now and again whenever the transport comes back after
 * a drop, so state missed while disconnected is fetched rather than guessed.
 */
import type { Connection } from './connection';

export function loadAndResync(connection: Connection, load: () => Promise<void>): () => void {
  let loading = false;
  let failed = false;
  let wasOpen = connection.current.state === 'open';
  const run = async () => {
    loading = true;
    try {
      await load();
      failed = false;
    } catch {
      failed = true;
    } finally {
      loading = false;
    }
  };
  void run();
  return connection.onChange((c) => {
    const open = c.state === 'open';
    if (open && !wasOpen && !loading && (c.opens > 1 || failed)) void run();
    wasOpen = open;
  });
}
