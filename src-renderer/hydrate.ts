/**
 * The one place that starts the stores, in order: subscriptions first, then
 * `ready` so the main side starts pushing events, then the initial loads
 * settle. Directus' app/src/hydrate.ts is the model.
 */
import { useApi } from './api';
import { useAppStore } from './stores/app';
import { useBatchesStore } from './stores/batches';
import { useBenchStore } from './stores/bench';
import { useBenchesStore } from './stores/benches';
import { useBroadcastStore } from './stores/broadcast';
import { useCatalogueStore } from './stores/catalogue';
import { useConsolesStore } from './stores/consoles';
import { useMetricsStore } from './stores/metrics';
import { useModemDetailStore } from './stores/modem-detail';
import { usePaletteStore } from './stores/palette';
import { useSettingsStore } from './stores/settings';
import { useUiStore } from './stores/ui';

interface Startable {
  start(): Promise<void>;
  stop(): void;
}

export async function hydrate(): Promise<void> {
  const stores: Startable[] = [
    useUiStore(),
    useAppStore(),
    useSettingsStore(),
    useCatalogueStore(),
    useBenchStore(),
    useBenchesStore(),
    useModemDetailStore(),
    useConsolesStore(),
    useBroadcastStore(),
    useBatchesStore(),
    useMetricsStore(),
    usePaletteStore(),
  ];
  const loads = stores.map((s) => s.start());
  useApi().transport.ready?.();
  await Promise.allSettled(loads);
}
