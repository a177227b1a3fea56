import * as v from 'valibot';
import {
  ApiError,
  commands,
  fail,
  isCommandName,
  ok,
  type CommandMap,
  type CommandName,
  type CommandOutput,
  type Result,
} from '../../../src-preload/contract';
import { isBatchError } from '../batch/errors';
import { isBenchError } from '../errors';
import { isFleetError } from '../fleet/errors';
import type { Logger } from '../log';
import type { AppService } from './app';
import { ClientSubscription } from './subscription';
import { confirmationGate } from './confirm';

type Handlers = {
  [K in CommandName]: (input: v.InferOutput<CommandMap[K]['input']>, client: ClientSubscription | undefined) => CommandOutput<K> | Promise<CommandOutput<K>>;
};

export interface Dispatcher {
  /**
   * Validates and runs one command. Never throws: every failure is a Result with a code.
   * `client`: the calling client's subscription, for the commands that shape what it is sent.
   */
  invoke(channel: unknown, input: unknown, client?: ClientSubscription): Promise<Result<unknown>>;
}

/** The only mapping from the contract to the core. */
export function createDispatcher(app: AppService, logger?: Logger): Dispatcher {
  // A transport that does not tell clients apart (the in-memory one) is one client.
  const anonymous = new ClientSubscription();
  const handlers: Handlers = {
    'app.info': () => app.info(),
    'bench.list': () => app.list(),
    'bench.startSimulated': (i) => app.startSimulated(i.count, i.seed, i.faults),
    'bench.stopSimulated': () => app.stopSimulated(),
    'sim.unplug': (i) => (app.simUnplug(i.modemId), {}),
    'sim.replug': (i) => (app.simReplug(i.modemId), {}),
    'modem.setTags': (i) => app.setTags(i.modemId, i.tags),
    'modem.exec': (i, client) => app.exec(i.modemId, i.command, i.timeoutMs, i.payload, (client ?? anonymous).commands, i.requestId),
    'modem.cancel': (i, client) => app.cancel(i.modemId, (client ?? anonymous).commands, i.requestId),
    'modem.transcript': (i) => app.transcript(i.modemId, i.afterSeq, i.limit),
    // A transport without per-client events (the in-memory one) has nothing to filter.
    'console.subscribe': (i, client) => ({ modems: client ? client.setConsoleModems(i.modemIds) : i.modemIds.length }),
    'modem.refresh': (i) => app.refresh(i.modemId),
    'modem.timeline': (i) => app.timeline(i.modemId, i.afterSeq),
    'modem.recover': (i) => app.recover(i.modemId, i.step),
    'modem.revive': (i) => app.revive(i.modemId),
    'modem.recoverCancel': (i) => app.recoverCancel(i.modemId),
    'modem.qmi': (i) => app.qmi(i.modemId, i.request),
    'broadcast.exec': (i, client) => app.broadcast(i.modemIds, i.command, i.timeoutMs, (client ?? anonymous).commands),
    'catalogue.list': () => app.catalogue(),
    'settings.get': () => app.getSettings(),
    'settings.update': (i) => app.updateSettings(i),
    'logs.reveal': () => app.revealLogs(),
    'logs.tail': (i) => app.logsTail(i.lines),
    'console.logFile': (i) => app.consoleLogFile(i.modemId, i.enabled),
    'batch.schema': () => app.runs.schema(),
    'batch.examples': () => app.runs.examples(),
    'batch.validate': (i) => app.runs.validate(i.text, i.name),
    'batch.start': (i) => app.runs.start(i.text, i.name, i.modemIds, i.parallel),
    'batch.control': (i) => app.runs.control(i.runId, i.action),
    'runs.list': (i) => app.runs.list(i.limit),
    'runs.get': (i) => app.runs.get(i.runId),
    'runs.transcript': (i) => app.runs.transcript(i.runId, i.modemKey),
    'runs.export': (i) => app.runs.export(i.runId, i.format),
    'runs.compare': (i) => app.runs.compare(i.a, i.b),
    'runs.delete': (i) => app.runs.delete(i.runIds),
    'runs.resume': (i) => app.runs.resume(i.runId, i.parallel),
    'benches.list': () => app.benches.list(),
    'benches.add': (i) => app.benches.add(i),
    'benches.remove': (i) => app.benches.remove(i.name),
    'metrics.get': (i) => app.metricsSnapshot(i),
  };

  return {
    async invoke(channel, input, client) {
      if (!isCommandName(channel)) return fail('unknown-command', `No command ${JSON.stringify(channel)}`);
      // Every command takes an object; arrays would pass an object schema, so refuse them here.
      const raw = input === undefined ? {} : input;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return fail('invalid-input', `Invalid input for ${channel}: expected an object`, { issues: [{ path: '', message: 'expected an object' }] });
      }
      const parsed = v.safeParse(commands[channel].input, raw);
      if (!parsed.success) {
        const issues = parsed.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message }));
        return fail('invalid-input', `Invalid input for ${channel}: ${issues.map((i) => `${i.path || '(input)'}: ${i.message}`).join('; ')}`, { issues });
      }
      // Dangerous command lines need the caller's explicit confirmation (issue 13).
      if (channel === 'modem.exec' || channel === 'broadcast.exec') {
        const i = parsed.output as { command: string; confirm?: boolean; modemIds?: string[] };
        const refused = confirmationGate(i.command, i.confirm, i.modemIds ? new Set(i.modemIds).size : 1);
        if (refused) return refused;
      }
      try {
        const handler = handlers[channel] as (i: unknown, c: ClientSubscription | undefined) => unknown;
        return ok(await handler(parsed.output, client));
      } catch (err) {
        // Every typed family's codes are in the contract (CORE_/BATCH_/FLEET_ERROR_CODES): no cast, no `internal`.
        if (isBenchError(err) || isBatchError(err) || isFleetError(err)) return fail(err.code, err.message, err.details);
        // A remote bench host's own refusal, forwarded as it answered.
        if (err instanceof ApiError) return fail(err.code, err.message, err.details);
        logger?.error({ err, channel }, 'command failed unexpectedly');
        return fail('internal', `Internal error in ${channel}: ${(err as Error)?.message ?? String(err)}`);
      }
    },
  };
}
