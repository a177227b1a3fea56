/**
 * The strict modem's command set: V.250 basic commands (E, V, Q, Z, &F, &W, I, S-parameters)
 * and the few extended ones the engine tests need (+CMEE, +CMGF, +CMGS, identity, +CSQ,
 * +COPS?, +CREG?, +CPIN?, +CFUN?, and +STAG, a test command that answers its argument).
 * Sources as in modem.ts.
 */
import { copySettings, profileOf, type StrictSettings } from './settings';

/** What a command line did: information lines, then OK, an error, or the text prompt (its recipient). */
export type Outcome = { info: string[]; error: null | 'plain' | number; prompt?: string };

/** The modem state the commands read and change. */
export interface CommandContext {
  settings: StrictSettings;
  profile: StrictSettings;
  readonly imei: string;
  readonly noSRegisters: boolean;
}

/** Executes the commands of one line (after `AT`) in order; the first error ends it. */
export function runCommandLine(cmd: string, ctx: CommandContext): Outcome {
  const info: string[] = [];
  let i = 0;
  while (i < cmd.length) {
    const ch = cmd[i]!.toUpperCase();
    if (ch === ' ' || ch === ';') {
      i++;
      continue;
    }
    if (ch === '+' || ch === '^' || ch === '$' || ch === '%') {
      let j = i + 1;
      let quoted = false;
      while (j < cmd.length && (quoted || cmd[j] !== ';')) {
        if (cmd[j] === '"') quoted = !quoted;
        j++;
      }
      const r = extended(ctx, cmd.slice(i, j));
      info.push(...r.info);
      if (r.error !== null || r.prompt !== undefined) return { ...r, info };
      i = j;
      continue;
    }
    const m = /^(&?[A-Z])(\d*)/i.exec(cmd.slice(i));
    if (!m) return { info, error: 'plain' };
    const name = m[1]!.toUpperCase();
    i += m[0].length;
    if (name === 'S') {
      const reg = Number(m[2]);
      if (m[2] === '' || !(reg in ctx.settings.s) || ctx.noSRegisters) return { info, error: 'plain' };
      if (cmd[i] === '?') {
        i++;
        info.push(String(ctx.settings.s[reg]).padStart(3, '0'));
      } else if (cmd[i] === '=') {
        const v = /^\d+/.exec(cmd.slice(i + 1));
        if (!v || Number(v[0]) > 255) return { info, error: 'plain' };
        i += 1 + v[0].length;
        ctx.settings.s[reg] = Number(v[0]);
      } else return { info, error: 'plain' };
      continue;
    }
    const n = m[2] === '' ? 0 : Number(m[2]);
    const r = basic(ctx, name, n);
    if (r === 'error') return { info, error: 'plain' };
    info.push(...r);
  }
  return { info, error: null };
}

function basic(ctx: CommandContext, name: string, n: number): string[] | 'error' {
  const s = ctx.settings;
  switch (name) {
    case 'E':
      if (n > 1) return 'error';
      s.echo = n === 1;
      return [];
    case 'V':
      if (n > 1) return 'error';
      s.verbose = n === 1;
      return [];
    case 'Q':
      if (n > 1) return 'error';
      s.quiet = n === 1;
      return [];
    case 'Z':
      ctx.settings = copySettings(ctx.profile);
      return [];
    case '&F':
      ctx.settings = profileOf();
      return [];
    case '&W':
      ctx.profile = copySettings(s);
      return [];
    case 'I':
      return ['Quectel', 'EC25', 'Revision: EC25EFAR06A06M4G'];
    case 'X':
    case '&C':
    case '&D':
    case 'H':
      return [];
    default:
      return 'error';
  }
}

function extended(ctx: CommandContext, text: string): Outcome {
  const m = /^([+^$%][A-Z0-9]+)(=\?|\?|=(.*))?$/i.exec(text);
  if (!m) return { info: [], error: 'plain' };
  const name = m[1]!.toUpperCase();
  const form = m[2] === undefined ? 'exec' : m[2] === '?' ? 'read' : m[2] === '=?' ? 'test' : 'write';
  const arg = m[3] ?? '';
  const s = ctx.settings;
  const ok = (...info: string[]): Outcome => ({ info, error: null });
  switch (name) {
    case '+CMEE':
      if (form === 'read') return ok(`+CMEE: ${s.cmee}`);
      if (form === 'test') return ok('+CMEE: (0-2)');
      if (form === 'write' && /^[012]$/.test(arg)) {
        s.cmee = Number(arg) as 0 | 1 | 2;
        return ok();
      }
      return { info: [], error: 50 };
    case '+CMGF':
      if (form === 'read') return ok(`+CMGF: ${s.cmgf}`);
      if (form === 'write' && /^[01]$/.test(arg)) {
        s.cmgf = Number(arg) as 0 | 1;
        return ok();
      }
      return { info: [], error: 50 };
    case '+CMGS': {
      if (form !== 'write') return { info: [], error: 50 };
      const to = s.cmgf === 1 ? /^"([^"]*)"/.exec(arg)?.[1] : /^\d+$/.exec(arg)?.[0];
      if (to === undefined) return { info: [], error: 50 };
      return { info: [], error: null, prompt: to };
    }
    case '+CSQ':
      return form === 'exec' ? ok('+CSQ: 23,99') : { info: [], error: 50 };
    case '+CGSN':
    case '+GSN':
      return form === 'exec' ? ok(ctx.imei) : { info: [], error: 50 };
    case '+CGMI':
      return ok('Quectel');
    case '+CGMM':
      return ok('EC25');
    case '+CGMR':
      return ok('EC25EFAR06A06M4G');
    case '+COPS':
      return form === 'read' ? ok('+COPS: 0,0,"Strict Net",7') : { info: [], error: 4 };
    case '+CREG':
      return form === 'read' ? ok('+CREG: 0,1') : { info: [], error: 4 };
    case '+CPIN':
      return form === 'read' ? ok('+CPIN: READY') : { info: [], error: 4 };
    case '+CFUN':
      return form === 'read' ? ok('+CFUN: 1') : { info: [], error: 4 };
    // A test command whose answer names its argument, so a reply given to the wrong command shows.
    case '+STAG':
      return form === 'write' ? ok(`+STAG: ${arg}`) : { info: [], error: 50 };
    default:
      // V.250: an unknown command is an invalid command line: ERROR whatever +CMEE says.
      return { info: [], error: 'plain' };
  }
}
