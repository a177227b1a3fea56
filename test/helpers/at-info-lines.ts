import { AtFramer } from '../../src-main/core/at/framer';
import { classifyFinal } from '../../src-main/core/at/result-codes';
import { UrcRegistry } from '../../src-main/core/at/urc';

/**
 * What a session would hand the parser for one command's raw bytes: the framer's lines
 * without the echo, the URCs and the final. Keeps the parser tests on byte-exact input.
 */
export function infoLines(command: string, raw: string): { lines: string[]; urcs: string[]; final: string | null } {
  const all: string[] = [];
  const framer = new AtFramer({ line: (l) => all.push(l), prompt: () => {}, garbage: () => {} });
  framer.push(Buffer.from(raw, 'latin1'));
  const urcs = UrcRegistry.default();
  const lines: string[] = [];
  const urcLines: string[] = [];
  let final: string | null = null;
  for (const l of all) {
    if (final !== null) break;
    if (l === command) continue;
    if (urcs.classify(l, command).urc) urcLines.push(l);
    else if (classifyFinal(l, 'verbose') !== null) final = l;
    else lines.push(l);
  }
  return { lines, urcs: urcLines, final };
}
