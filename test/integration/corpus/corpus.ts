/**
 * The conformance corpus (test/fixtures/transcripts/corpus/*.json): real modem replies
 * from sources this project did not write, a scripted modem that replays them, and the
 * two measures the corpus test reports (framing correctness, numeric-field coverage).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo } from '@serialport/bindings-interface';

export interface CorpusExchange {
  id: string;
  origin: string;
  command: string;
  /** What the modem sends: rx[0] after the command line, rx[1] after the prompt's payload. */
  rx: string[];
  payload?: string;
  expect: { echo: string | null; lines: string[]; final: string; urcs: string[] };
  /** Decimal tokens of the information lines (regex, not the parser under test). */
  numbers: string[];
  /** Named fields and the value the source (or the manual's description) gives them. */
  fields?: Record<string, unknown>;
  /** Set when the exchange is known to fail because of an engine defect being fixed elsewhere. */
  defect?: string;
}

export interface CorpusFile {
  file: string;
  source: Record<string, unknown>;
  framing: string;
  exchanges: CorpusExchange[];
}

export const CORPUS_DIR = join(__dirname, '../../fixtures/transcripts/corpus');

export function loadCorpus(): CorpusFile[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as Omit<CorpusFile, 'file'>) }));
}

/** Every number and string in a JSON value (what a consumer of `parsed` can see). */
function leaves(v: unknown, out: (number | string)[] = []): (number | string)[] {
  if (typeof v === 'number' || typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) leaves(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) leaves(x, out);
  return out;
}

/**
 * How many of the exchange's numeric tokens come back in `parsed`, as a number of that
 * value or the same digits as a string (MNC `01`, an IMEI), each value counted once per
 * occurrence. Only what survives JSON is looked at: that is what the CLI, the UI and the
 * store see.
 */
export function numericCoverage(numbers: readonly string[], parsed: unknown): { found: number; present: number; missing: string[] } {
  const pool = leaves(parsed === undefined ? null : JSON.parse(JSON.stringify(parsed ?? null)));
  const used = new Array<boolean>(pool.length).fill(false);
  const missing: string[] = [];
  let found = 0;
  for (const t of numbers) {
    const n = Number(t);
    const i = pool.findIndex((p, k) => !used[k] && (p === t || (typeof p === 'number' && p === n)));
    if (i >= 0) {
      used[i] = true;
      found++;
    } else missing.push(t);
  }
  return { found, present: numbers.length, missing };
}

/** `a.b.0.c` in a value; undefined when absent. */
export function at(v: unknown, path: string): unknown {
  let cur: unknown = v;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A seeded generator (mulberry32): the chunking of every run can be replayed from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits bytes into random chunks of 1..maxChunk bytes. */
export function chunk(bytes: Buffer, next: () => number, maxChunk: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(next() * maxChunk);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/**
 * Replays one exchange at a time. Command lines are collected up to CR; the prompt payload
 * up to Ctrl-Z. The scripted command gets rx[0] (then rx[1] after the payload); any other
 * line (the resync sentinel, ATE1, the test's barrier `AT`) gets what an echoing V.250
 * modem answers: OK for `AT` and basic settings, ERROR for anything else.
 */
export class ScriptedModem {
  #pending: CorpusExchange | null = null;
  #step = 0;
  #buf = '';
  /** One output queue, pumped one chunk per macrotask: a modem never interleaves its own replies. */
  readonly #out: Buffer[] = [];
  #pumping = false;
  /** Lines the modem received, for diagnostics. */
  readonly received: string[] = [];

  constructor(
    private readonly send: (chunk: Buffer) => void,
    private readonly split: (b: Buffer) => Buffer[],
  ) {}

  expect(e: CorpusExchange): void {
    this.#pending = e;
    this.#step = 0;
  }

  input(data: Buffer): void {
    this.#buf += data.toString('latin1');
    for (;;) {
      const cr = this.#buf.indexOf('\r');
      const z = this.#buf.indexOf('\x1a');
      const esc = this.#buf.indexOf('\x1b');
      const ends = [cr, z, esc].filter((i) => i >= 0);
      if (ends.length === 0) return;
      const end = Math.min(...ends);
      const line = this.#buf.slice(0, end);
      const term = this.#buf[end];
      this.#buf = this.#buf.slice(end + 1);
      this.received.push(line + (term === '\r' ? '' : term === '\x1a' ? '<^Z>' : '<ESC>'));
      this.#answer(line, term!);
    }
  }

  #answer(line: string, term: string): void {
    const e = this.#pending;
    if (e && this.#step === 0 && term === '\r' && line === e.command) {
      this.#step = 1;
      this.#emit(e.rx[0]!);
      if (e.rx.length === 1) this.#pending = null;
      return;
    }
    if (e && this.#step === 1 && term === '\x1a') {
      this.#pending = null;
      this.#emit(e.rx[1] ?? '');
      return;
    }
    if (term === '\x1b') return;
    if (term !== '\r' || line.trim() === '') return;
    const basic = /^AT([EVQ][01]?)?$/i.test(line.trim());
    this.#emit(`${line}\r\r\n${basic ? 'OK' : 'ERROR'}\r\n`);
  }

  #emit(s: string): void {
    this.#out.push(...this.split(Buffer.from(s, 'latin1')));
    if (this.#pumping) return;
    this.#pumping = true;
    const tick = (): void => {
      const c = this.#out.shift();
      if (c === undefined) {
        this.#pumping = false;
        return;
      }
      this.send(c);
      setImmediate(tick);
    };
    setImmediate(tick);
  }
}

/**
 * A serial binding whose one port is a ScriptedModem: the in-process counterpart of the
 * PTY, implementing the same bindings-interface contract as the real binding.
 */
export function scriptedBinding(onOpen: (deliver: (chunk: Buffer) => void) => (data: Buffer) => void): BindingInterface<BindingPortInterface, OpenOptions, PortInfo> {
  return {
    list: async () => [{ path: '/dev/corpus0', manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }],
    open: async (options: OpenOptions) => {
      const queue: Buffer[] = [];
      let waiter: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
      let open = true;
      const push = (b: Buffer): void => {
        if (!open) return;
        if (waiter) {
          const w = waiter;
          waiter = null;
          w.resolve(b);
        } else queue.push(b);
      };
      const input = onOpen(push);
      const port: BindingPortInterface = {
        openOptions: { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options } as BindingPortInterface['openOptions'],
        get isOpen() {
          return open;
        },
        read: (buffer: Buffer, offset: number, length: number) =>
          new Promise((resolve, reject) => {
            const take = (b: Buffer): void => {
              const n = Math.min(length, b.length);
              b.copy(buffer, offset, 0, n);
              if (n < b.length) queue.unshift(b.subarray(n));
              resolve({ buffer, bytesRead: n });
            };
            const first = queue.shift();
            if (first) take(first);
            else waiter = { resolve: take, reject };
          }),
        write: async (buffer: Buffer) => {
          input(Buffer.from(buffer));
        },
        update: async () => {},
        set: async () => {},
        get: async () => ({ cts: true, dsr: true, dcd: false }),
        getBaudRate: async () => ({ baudRate: options.baudRate }),
        flush: async () => {},
        drain: async () => {},
        close: async () => {
          open = false;
          if (waiter) {
            const e = Object.assign(new Error('port closed'), { canceled: true });
            waiter.reject(e);
            waiter = null;
          }
        },
      };
      return port;
    },
  };
}
