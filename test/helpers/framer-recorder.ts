import { AtFramer } from '../../src-main/core/at/framer';
import type { FramerOptions } from '../../src-main/core/at/framer';
import type { FrameSink } from '../../src-main/core/at/types';

export type FrameEvent =
  | { t: 'line'; s: string }
  | { t: 'prompt' }
  | { t: 'garbage'; reason: 'binary' | 'overflow' | 'nul' | 'control'; bytes: number[] };

export class Recorder implements FrameSink {
  readonly events: FrameEvent[] = [];
  line(text: string): void {
    this.events.push({ t: 'line', s: text });
  }
  prompt(): void {
    this.events.push({ t: 'prompt' });
  }
  garbage(bytes: Uint8Array, reason: 'binary' | 'overflow' | 'nul' | 'control'): void {
    this.events.push({ t: 'garbage', reason, bytes: Array.from(bytes) });
  }
  get lines(): string[] {
    return this.events.flatMap((e) => (e.t === 'line' ? [e.s] : []));
  }
  get prompts(): number {
    return this.events.filter((e) => e.t === 'prompt').length;
  }
  garbageOf(reason: 'binary' | 'overflow' | 'nul' | 'control'): number[][] {
    return this.events.flatMap((e) => (e.t === 'garbage' && e.reason === reason ? [e.bytes] : []));
  }
  /** Adjacent garbage reports of one reason merged: how a chunk boundary splits a report is not observable behaviour. */
  normalized(): FrameEvent[] {
    const out: FrameEvent[] = [];
    for (const e of this.events) {
      const last = out[out.length - 1];
      if (e.t === 'garbage' && last?.t === 'garbage' && last.reason === e.reason) last.bytes = [...last.bytes, ...e.bytes];
      else out.push(e.t === 'garbage' ? { ...e, bytes: [...e.bytes] } : e);
    }
    return out;
  }
}

export function frame(chunks: Uint8Array[], options?: FramerOptions): { rec: Recorder; framer: AtFramer } {
  const rec = new Recorder();
  const framer = new AtFramer(rec, options);
  for (const c of chunks) framer.push(c);
  return { rec, framer };
}

export function latin1(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s, 'latin1'));
}
