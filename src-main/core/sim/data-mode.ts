/**
 * A data call on one AT port after `CONNECT`: data mode, the `+++` escape and online command mode.
 *
 * - EC25&EC21 AT Commands Manual V1.3 §7.6 `+++`: switches from data mode to command mode; there must be
 *   1 s without data before and after the three `+`, and the module answers `OK`. §7.7 `ATO` returns to
 *   data mode with `CONNECT`. The guard time is S12 (V.250 §6.3.x, 1/50 s units, 50 = 1 s).
 * - The simulator has no PPP peer: bytes sent in data mode are dropped, as if the network never answered
 *   LCP; pppd then gives up and hangs up (ATH or a DTR drop per AT&D).
 */
import type { AtSettings } from './settings';

export class OnlineState {
  #dataMode = false;
  /** When the last data byte (not part of an escape) arrived. */
  #lastData = 0;
  #plus = 0;
  #guard: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly settings: AtSettings,
    private readonly onEscape: () => void,
  ) {}

  get dataMode(): boolean {
    return this.#dataMode;
  }

  #guardMs(): number {
    return (this.settings.s[12] ?? 50) * 20;
  }

  enterDataMode(): void {
    this.#dataMode = true;
    this.#lastData = Date.now();
    this.#plus = 0;
  }

  leaveDataMode(): void {
    this.#dataMode = false;
    this.#clearGuard();
  }

  data(text: string): void {
    if (!this.#dataMode) return;
    const now = Date.now();
    for (const ch of text) {
      const quietBefore = this.#plus > 0 || now - this.#lastData >= this.#guardMs();
      if (ch === '+' && quietBefore && this.#plus < 3) {
        this.#plus++;
        continue;
      }
      // Anything else (or a fourth '+') is data: the escape starts over.
      this.#plus = 0;
      this.#lastData = now;
    }
    this.#clearGuard();
    if (this.#plus === 3) {
      this.#guard = setTimeout(() => {
        this.#guard = null;
        this.#plus = 0;
        this.onEscape();
      }, this.#guardMs());
    }
  }

  #clearGuard(): void {
    if (this.#guard) clearTimeout(this.#guard);
    this.#guard = null;
  }

  dispose(): void {
    this.#dataMode = false;
    this.#clearGuard();
  }
}
