/**
 * What a remote modem's console and timeline show of its host (issue 17):
 * the host's last lines and its timeline when the modem first appears, and
 * again after every rejoin, so the lines and recovery events the host wrote
 * while this app could not hear it are not lost; each once, in order, with
 * one console line that marks the gap. Pushed lines and events wait while a
 * catch-up is on its way, so the console never shows them out of order.
 *
 * A host says nothing that names its process, and a restarted host numbers
 * its lines and events from 1 again; so the catch-up asks for what follows
 * the last line shown, starting AT that line: the same process still holds it
 * under the same number with the same time and text, a restarted one does
 * not (then its own last lines are all new).
 */
import type { ConsoleEntry, TimelineEventView } from '../../../src-preload/contract';
import type { ConsoleLog } from '../service/console-log';
import { isHostUnreachableError } from './errors';

/** How a remote modem's history is read from its host (its numbering, not ours). */
export interface HistoryReader {
  /** Its console lines numbered above `afterSeq`, the last `limit` of them. */
  transcript(afterSeq: number, limit: number): Promise<ConsoleEntry[]>;
  /** Its timeline events numbered above `afterSeq`. */
  timeline(afterSeq: number): Promise<TimelineEventView[]>;
}

export interface RemoteHistoryOptions {
  /** host:port, for the gap line. */
  host: string;
  /** Lines read at each catch-up. @default 500 */
  lines?: number;
  /** Timeline events kept. @default 500 */
  timelineMax?: number;
  /** Lines were added to the console. @default no-op */
  onLines?: () => void;
  /** An event was added to the timeline (numbered here). @default no-op */
  onEvent?: (ev: TimelineEventView) => void;
}

/** `refused`: the host would not be read (its queue full...): what it wrote meanwhile is missing. */
type Caught<T> = { items: T[]; complete: boolean; restarted: boolean; refused?: true };

const refused = { items: [], complete: false, restarted: false, refused: true } as const;

/** One read of the catch-up: null when the host went away, nothing (said to be missing) when it refused. */
async function readOr<T>(read: () => Promise<Caught<T>>): Promise<Caught<T> | null> {
  try {
    return await read();
  } catch (err) {
    return isHostUnreachableError(err) ? null : { ...refused, items: [] };
  }
}

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 8);
const sameLine = (a: ConsoleEntry, b: ConsoleEntry): boolean => a.seq === b.seq && a.at === b.at && a.kind === b.kind && a.text === b.text;
const sameEvent = (a: TimelineEventView, b: TimelineEventView): boolean => a.seq === b.seq && a.at === b.at && a.kind === b.kind;

export class RemoteHistory {
  readonly #console: ConsoleLog;
  readonly #read: HistoryReader;
  readonly #o: Required<RemoteHistoryOptions>;
  /** Pushed lines and events held until a catch-up is in (null while live). */
  #heldLines: ConsoleEntry[] | null = [];
  #heldEvents: TimelineEventView[] | null = [];
  /** The host's last line and event shown, as the host numbered them. */
  #lastLine: ConsoleEntry | null = null;
  #lastEvent: TimelineEventView | null = null;
  /** The timeline as shown here, numbered here (a restarted host's numbers would collide). */
  #events: TimelineEventView[] = [];
  #eventSeq = 0;
  /** When the host went away (null while it is here); `#losses` counts the times it did. */
  #awaySince: number | null = null;
  #losses = 0;
  #caughtUp = false;
  #running: Promise<void> | null = null;
  #again = false;

  constructor(console: ConsoleLog, read: HistoryReader, o: RemoteHistoryOptions) {
    this.#console = console;
    this.#read = read;
    this.#o = { lines: 500, timelineMax: 500, onLines: () => undefined, onEvent: () => undefined, ...o };
    if (!(Number.isInteger(this.#o.lines) && this.#o.lines >= 1)) throw new TypeError('lines must be a positive integer');
  }

  /** Its host went away: what it pushes after it is back waits for the catch-up. */
  hostLost(): void {
    this.#losses++;
    this.#awaySince ??= Date.now();
    this.#heldLines ??= [];
    this.#heldEvents ??= [];
  }

  /** Whether its host went away and the catch-up after it is not in yet. */
  get away(): boolean {
    return this.#awaySince !== null;
  }

  /**
   * Reads what the host wrote that is not shown yet (its last lines, its timeline) and shows it,
   * then the pushes held meanwhile. At first appearance and after each rejoin; a call while one
   * runs runs it again after. A host gone again meanwhile leaves it to the next rejoin.
   */
  catchUp(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const run = async (): Promise<void> => {
      do {
        this.#again = false;
        await this.#once();
      } while (this.#again);
    };
    this.#running = run().finally(() => (this.#running = null));
    return this.#running;
  }

  /** Lines its host pushed; held during a catch-up, each host line once. True when lines were added. */
  pushLines(entries: ConsoleEntry[]): boolean {
    if (this.#heldLines) {
      this.#heldLines.push(...entries);
      if (this.#heldLines.length > this.#o.lines * 4) this.#heldLines = this.#heldLines.slice(-this.#o.lines * 4);
      return false;
    }
    let added = false;
    for (const e of entries) {
      if (this.#lastLine && e.seq <= this.#lastLine.seq) continue;
      this.#addLine(e);
      added = true;
    }
    return added;
  }

  /** Events its host pushed; held during a catch-up, each once. Returns those added (numbered here). */
  pushEvents(events: TimelineEventView[]): TimelineEventView[] {
    if (this.#heldEvents) {
      this.#heldEvents.push(...events);
      if (this.#heldEvents.length > this.#o.timelineMax) this.#heldEvents = this.#heldEvents.slice(-this.#o.timelineMax);
      return [];
    }
    return events.filter((e) => !this.#lastEvent || e.seq > this.#lastEvent.seq).map((e) => this.#addEvent(e));
  }

  /** The timeline shown, numbered here, after `afterSeq`. */
  timeline(afterSeq = 0): TimelineEventView[] {
    return this.#events.filter((e) => e.seq > afterSeq);
  }

  async #once(): Promise<void> {
    if (!this.#heldLines && !this.#heldEvents) return;
    const losses = this.#losses;
    const awaySince = this.#awaySince;
    // Gone again (null): the next rejoin catches up. Refused (the modem unknown there now...): what comes next.
    const lines = await readOr(() => this.#missedLines());
    const events = lines && (await readOr(() => this.#missedEvents()));
    if (!lines || !events) return;
    // Lost again while reading: that answer may end before what the host wrote next; read again after the rejoin.
    if (losses !== this.#losses) return;
    const back = Date.now();
    if (this.#caughtUp && awaySince !== null) this.#console.add('event', this.#gapLine(awaySince, back, lines), back);
    for (const e of lines.items) this.#addLine(e);
    const added = events.items.map((e) => this.#addEvent(e));
    this.#caughtUp = true;
    this.#awaySince = null;
    const heldLines = this.#heldLines ?? [];
    const heldEvents = this.#heldEvents ?? [];
    this.#heldLines = null;
    this.#heldEvents = null;
    const pushed = this.pushLines(heldLines);
    added.push(...this.pushEvents(heldEvents));
    if (lines.items.length > 0 || pushed || awaySince !== null) this.#o.onLines();
    for (const ev of added) this.#o.onEvent(ev);
  }

  #gapLine(since: number, back: number, c: Caught<ConsoleEntry>): string {
    const n = c.items.length;
    const lines = `${n} line${n === 1 ? '' : 's'}`;
    const away = `host ${this.#o.host} was away ${clock(since)}–${clock(back)}`;
    if (c.refused) return `${away}; it refused to be read: the lines it wrote meanwhile are missing`;
    if (c.restarted) return `${away} and restarted meanwhile; ${c.complete ? `the ${lines} it wrote since follow` : `its last ${lines} follow, earlier lines may be missing`}`;
    return `${away}; ${c.complete ? `${lines} it wrote meanwhile follow` : `the last ${lines} it wrote meanwhile follow, earlier lines are missing`}`;
  }

  async #missedLines(): Promise<Caught<ConsoleEntry>> {
    const limit = this.#o.lines;
    const last = this.#lastLine;
    const fromStart = async (restarted: boolean): Promise<Caught<ConsoleEntry>> => {
      const items = await this.#read.transcript(0, limit);
      return { items, complete: items.length === 0 || items[0]!.seq === 1, restarted };
    };
    if (!last) return fromStart(false);
    // From the last line shown on: the same process answers with that line first, unchanged.
    const probe = await this.#read.transcript(last.seq - 1, limit);
    const first = probe[0];
    if (first && sameLine(first, last)) return { items: probe.slice(1), complete: true, restarted: false };
    // Wrote more than one answer holds since: its last lines, the ones before them missing.
    if (first && first.seq > last.seq && first.at >= last.at) return { items: probe, complete: false, restarted: false };
    return fromStart(true);
  }

  async #missedEvents(): Promise<Caught<TimelineEventView>> {
    const last = this.#lastEvent;
    const all = async (restarted: boolean): Promise<Caught<TimelineEventView>> => ({ items: await this.#read.timeline(0), complete: true, restarted });
    if (!last) return all(false);
    const probe = await this.#read.timeline(last.seq - 1);
    const first = probe[0];
    if (first && sameEvent(first, last)) return { items: probe.slice(1), complete: true, restarted: false };
    if (first && first.seq > last.seq && first.at >= last.at) return { items: probe, complete: false, restarted: false };
    return all(true);
  }

  #addLine(e: ConsoleEntry): void {
    this.#lastLine = e;
    this.#console.add(e.kind, e.text, e.at, e.bg);
  }

  #addEvent(e: TimelineEventView): TimelineEventView {
    this.#lastEvent = e;
    const mine = { ...e, seq: ++this.#eventSeq };
    this.#events.push(mine);
    if (this.#events.length > this.#o.timelineMax * 1.25) this.#events = this.#events.slice(-this.#o.timelineMax);
    return mine;
  }
}
