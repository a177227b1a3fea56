import type { AtResponse, FinalResult, UrcEvent } from './types';

/** Not parsed yet (null is a parse result: "no parser" or "lines do not fit"). */
const UNREAD: unique symbol = Symbol('unread');

/**
 * The AtResponse a session resolves with. Its `parsed` is computed on first
 * read and kept: most answers are only looked at for their final and lines
 * (the benchmark's closed loop, a health check of the final, a batch without
 * expectations), and parsing every reply into typed fields was about 6 % of the
 * mixed benchmark's CPU (issue 16). The lines it parses are the
 * response's own array, so they must not be changed before `parsed` is read
 * (nothing here does; copy them to edit them).
 *
 * `parsed` lives on the prototype, so `toJSON` puts it back in: the JSON of a
 * response is the same as that of the plain object it replaces, key order
 * included. A copy by spread or structuredClone would leave `parsed` out: use
 * `toJSON()` for a plain copy.
 */
export class SessionResponse implements AtResponse {
  command: string;
  echo: string | null;
  lines: string[];
  final: FinalResult;
  urcs: UrcEvent[];
  latencyMs: number;
  damaged: boolean;
  #parse: ((lines: string[]) => unknown) | null;
  #parsed: unknown = UNREAD;

  constructor(
    command: string,
    echo: string | null,
    lines: string[],
    final: FinalResult,
    /** The command's parser, or null when nothing is to be parsed (no parser, a failed command). */
    parse: ((lines: string[]) => unknown) | null,
    urcs: UrcEvent[],
    latencyMs: number,
    damaged: boolean,
  ) {
    this.command = command;
    this.echo = echo;
    this.lines = lines;
    this.final = final;
    this.urcs = urcs;
    this.latencyMs = latencyMs;
    this.damaged = damaged;
    this.#parse = parse;
  }

  /** Typed fields where a parser exists for this command, else null (parsed on first read; a parser that throws gives null). */
  get parsed(): unknown {
    if (this.#parsed === UNREAD) {
      const parse = this.#parse;
      this.#parse = null;
      let v: unknown = null;
      if (parse !== null) {
        try {
          v = parse(this.lines);
        } catch {
          v = null;
        }
      }
      this.#parsed = v;
    }
    return this.#parsed;
  }

  /** A response made up elsewhere could always be given its fields; so can this one. */
  set parsed(value: unknown) {
    this.#parse = null;
    this.#parsed = value;
  }

  /** The plain AtResponse, `parsed` included, in the order the session has always used. */
  toJSON(): AtResponse {
    return {
      command: this.command,
      echo: this.echo,
      lines: this.lines,
      final: this.final,
      parsed: this.parsed,
      urcs: this.urcs,
      latencyMs: this.latencyMs,
      damaged: this.damaged,
    };
  }
}
