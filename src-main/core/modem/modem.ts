import { AtSession, type SessionOptions } from '../at/session';
import type { AtResponse, CommandClass } from '../at/types';
import type { ConcurrencyController } from '../concurrency/controller';
import { isBenchError } from '../errors';
import type { PortHandle } from '../serial/port';
import type { PortPool } from '../serial/pool';
import type { IdentityView, ModemId, PortRole, PortView } from '../../../src-preload/contract/domain';

export type { PortRole };
/** One serial interface of a modem and its role. */
export type ModemPort = PortView;
export type ModemIdentity = IdentityView;

export interface ModemOptions {
  /**
   * Sent after the first resync unless init is skipped, and again after every restart
   * of the modem (RDY) before the next command. @default ['ATV1', 'AT+CMEE=2']
   */
  initCommands?: string[];
  /** Options of the AT session on the modem's AT port. @default {} */
  session?: SessionOptions;
}

export interface ModemExecOptions {
  /** Priority class. @default 'interactive' */
  cls?: CommandClass;
  timeoutMs?: number;
  signal?: AbortSignal;
  payload?: string;
}

const EMPTY_IDENTITY: ModemIdentity = {
  imei: null,
  manufacturer: null,
  model: null,
  firmware: null,
  revision: null,
  iccid: null,
  imsi: null,
};

/**
 * One physical modem: its ports, its AT session, its identity. Commands go
 * through the controller under the modem's key, so one command is in flight
 * on its AT port and the priority classes apply.
 */
export class Modem {
  #key: ModemId;
  readonly label: string;
  ports: ModemPort[];
  identity: ModemIdentity = { ...EMPTY_IDENTITY };
  readonly #pool: PortPool;
  readonly #controller: ConcurrencyController;
  readonly #options: ModemOptions;
  #handle: PortHandle | null = null;
  #session: AtSession | null = null;
  #activeClass: CommandClass | null = null;

  constructor(key: ModemId, label: string, ports: ModemPort[], pool: PortPool, controller: ConcurrencyController, options: ModemOptions = {}) {
    if (!ports.some((p) => p.role === 'at')) throw new TypeError('ports must include one with role "at"');
    this.#key = key;
    this.label = label;
    this.ports = ports;
    this.#pool = pool;
    this.#controller = controller;
    this.#options = options;
  }

  /** Its ModemId, the controller key its commands queue under. */
  get key(): ModemId {
    return this.#key;
  }

  /**
   * Takes the ModemId found with the identity (the IMEI) as the controller key.
   * Only while nothing waits or runs under the old key (right after the first
   * identity read); false, key kept, otherwise.
   */
  adoptId(id: ModemId): boolean {
    if (id === this.#key) return true;
    if (this.#controller.isBusy(this.#key)) return false;
    this.#controller.forget(this.#key);
    this.#key = id;
    return true;
  }

  get atPath(): string {
    return this.ports.find((p) => p.role === 'at')!.path;
  }

  get session(): AtSession | null {
    return this.#session;
  }

  /** The class of the command running on the session now (null between commands and during the ladder's own traffic). */
  get activeClass(): CommandClass | null {
    return this.#activeClass;
  }

  get port(): PortHandle | null {
    return this.#handle;
  }

  async open(signal?: AbortSignal): Promise<void> {
    if (this.#handle) return;
    const handle = await this.#pool.open(this.atPath, { signal });
    this.#handle = handle;
    this.#session = new AtSession(handle, this.#options.session);
  }

  /** Runs one command through the controller. Resolves for any final result code. */
  exec(command: string, options: ModemExecOptions = {}): Promise<AtResponse> {
    const { cls = 'interactive', timeoutMs, signal, payload } = options;
    return this.#controller.submit(
      this.key,
      cls,
      (s) => {
        const session = this.#session;
        if (!session) throw new TypeError(`modem ${this.label} is not open`);
        // One task at a time per modem: the console marks what this command's trace lines belong to.
        this.#activeClass = cls;
        return session.exec(command, { signal: s, timeoutMs, payload }).then(this.#ended, this.#failed);
      },
      { signal },
    );
  }

  // The class mark ends when the command settles: a pair made once rather than `.finally`, which costs
  // three promises and two more turns per command on the hot path (issue 16).
  readonly #ended = (r: AtResponse): AtResponse => {
    this.#activeClass = null;
    return r;
  };

  readonly #failed = (err: unknown): never => {
    this.#activeClass = null;
    throw err;
  };

  /** Something runs or waits in this modem's queue. */
  isBusy(): boolean {
    return this.#controller.isBusy(this.key);
  }

  /** Resync, then the init commands (ATV1, AT+CMEE=2 by default), through the controller; they are re-sent after a restart. */
  async init(signal?: AbortSignal): Promise<void> {
    await this.#controller.submit(this.key, 'recovery', (s) => this.initSession(s), { signal });
  }

  /**
   * The same, straight on the session: for the recovery ladder, which holds
   * the modem's queue while it works.
   */
  async initSession(signal?: AbortSignal): Promise<void> {
    const session = this.#session;
    if (!session) throw new TypeError(`modem ${this.label} is not open`);
    // The session finds out echo and the result code format with its resync (it assumes
    // neither), and sends these again by itself after the modem restarts (RDY).
    await session.setup(this.#options.initCommands ?? ['ATV1', 'AT+CMEE=2'], signal);
  }

  /** Reads IMEI, model, firmware, ICCID, IMSI. A command the modem refuses leaves its field null. */
  async readIdentity(signal?: AbortSignal): Promise<ModemIdentity> {
    const ask = async (cmd: string): Promise<AtResponse | null> => {
      try {
        const r = await this.exec(cmd, { cls: 'recovery', signal });
        return r.final.success ? r : null;
      } catch (err) {
        if (isBenchError(err) && err.code === 'cancelled') throw err;
        return null;
      }
    };
    const field = (r: AtResponse | null, key: string): string | null => {
      const p = r?.parsed as Record<string, unknown> | null | undefined;
      const v = p?.[key];
      if (typeof v === 'string' && v.length > 0) return v;
      return r?.lines[0]?.trim() || null;
    };
    const id: ModemIdentity = { ...EMPTY_IDENTITY };
    id.imei = field(await ask('AT+CGSN'), 'imei');
    id.manufacturer = field(await ask('AT+CGMI'), 'value');
    id.model = field(await ask('AT+CGMM'), 'value');
    id.firmware = field(await ask('AT+CGMR'), 'value');
    id.revision = field(await ask('AT+QGMR'), 'value');
    id.iccid = field(await ask('AT+QCCID'), 'iccid');
    id.imsi = field(await ask('AT+CIMI'), 'imsi');
    this.identity = id;
    return id;
  }

  /** Closes the AT port and detaches the session. Queued commands fail as cancelled. */
  async close(): Promise<void> {
    this.#controller.cancelQueued(this.key);
    this.#session?.dispose();
    this.#session = null;
    const h = this.#handle;
    this.#handle = null;
    if (h) await this.#pool.release(h);
    this.#controller.forget(this.key);
  }
}
