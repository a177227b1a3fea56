/**
 * The channel allowlists as plain literals, so the preload can bundle them
 * without the schema library. A compile-time check keeps them equal to the
 * command and event maps.
 */
import type { CommandName } from './commands';
import type { EventName } from './events';

export const INVOKE_CHANNELS = [
  'app.info',
  'bench.list',
  'bench.startSimulated',
  'bench.stopSimulated',
  'sim.unplug',
  'sim.replug',
  'modem.setTags',
  'modem.exec',
  'modem.cancel',
  'modem.transcript',
  'console.subscribe',
  'modem.refresh',
  'modem.timeline',
  'modem.recover',
  'modem.revive',
  'modem.recoverCancel',
  'modem.qmi',
  'broadcast.exec',
  'catalogue.list',
  'settings.get',
  'settings.update',
  'logs.reveal',
  'logs.tail',
  'console.logFile',
  'batch.schema',
  'batch.examples',
  'batch.validate',
  'batch.start',
  'batch.control',
  'runs.list',
  'runs.get',
  'runs.transcript',
  'runs.export',
  'runs.compare',
  'runs.delete',
  'runs.resume',
  'benches.list',
  'benches.add',
  'benches.remove',
  'metrics.get',
] as const satisfies readonly CommandName[];

export const PUSH_CHANNELS = [
  'bench.delta',
  'bench.status',
  'console.entries',
  'settings.changed',
  'modem.timeline',
  'batch.progress',
  'batch.results',
  'batch.finished',
  'metrics.update',
  'metrics.alert',
  'benches.changed',
  'app.openFile',
] as const satisfies readonly EventName[];

/** The renderer says it has subscribed; events queued until then are sent. */
export const READY_CHANNEL = 'bridge.ready';

type Missing<All, Listed> = Exclude<All, Listed>;
// Fails to compile when a command or event is missing from the lists above.
export const _allCommandsListed: Missing<CommandName, (typeof INVOKE_CHANNELS)[number]> extends never ? true : never = true;
export const _allEventsListed: Missing<EventName, (typeof PUSH_CHANNELS)[number]> extends never ? true : never = true;
