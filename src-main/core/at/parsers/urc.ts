/** Parsers for URC lines, keyed by the name the URC registry gives them. */
import { parseCfunBody, parseCpinBody } from './device';
import type { CfunInfo, CpinInfo } from './device';
import { afterPrefix, int, isQuoted, splitFields, str, unquote } from './fields';
import { parseLine } from './generic';
import type { FieldValue } from './generic';
import { parseRegistrationBody } from './network';
import type { RegistrationInfo } from './network';

export interface QuectelEventInfo {
  /** `+QIND: SMS DONE`, `+QIND: "csq",20,99`, `+QIURC: "recv",0`, `+QGPSURC: "xtradataexpire",...` */
  type: 'qind' | 'qiurc' | 'qgpsurc';
  event: string;
  /** Decimal fields as numbers, the rest as unquoted strings. */
  args: (string | number)[];
}

export interface CmtiInfo {
  type: 'cmti';
  storage: string | null;
  index: number | null;
}

export interface QusimInfo {
  type: 'qusim';
  value: number | null;
}

export interface TimeZoneInfo {
  type: 'timezone';
  /** Offset from UTC in quarter hours (`+32` is UTC+8). */
  quarterHours: number | null;
  dst: number | null;
  /** `yyyy/MM/dd,hh:mm:ss` as sent (CTZE only). */
  time: string | null;
}

export interface CgevInfo {
  type: 'cgev';
  event: string;
}

/** Any other `NAME:` URC (`+CRING: VOICE`, `^MODE: 5,4`, `+CMT: ...`): its typed positional values. */
export interface GenericUrcInfo {
  type: 'fields';
  name: string;
  fields: FieldValue[];
}

export type ParsedUrc = RegistrationInfo | CpinInfo | CfunInfo | QuectelEventInfo | CmtiInfo | QusimInfo | TimeZoneInfo | CgevInfo | GenericUrcInfo;

const EVENT_TYPES = { '+QIND': 'qind', '+QIURC': 'qiurc', '+QGPSURC': 'qgpsurc' } as const;

/** Typed fields of a URC line, or null when there is no parser for `name` or the line does not fit. */
export function parseUrc(name: string, line: string): ParsedUrc | null {
  const body = afterPrefix(line, name);
  if (body === null) return null;
  switch (name) {
    case '+CREG':
    case '+CGREG':
    case '+CEREG':
      // Shape detection, not a forced URC layout: a read response misrouted here still parses right.
      return parseRegistrationBody(name, body);
    case '+CPIN':
      return parseCpinBody(body);
    case '+CFUN':
      return parseCfunBody(body);
    case '+QIND':
    case '+QIURC':
    case '+QGPSURC': {
      const f = splitFields(body);
      const event = unquote(f[0]);
      if (event === '') return null;
      const args = f.slice(1).map((t) => (isQuoted(t) ? unquote(t) : (int(t) ?? t)));
      return { type: EVENT_TYPES[name], event, args };
    }
    case '+CMTI': {
      const f = splitFields(body);
      return { type: 'cmti', storage: str(f[0]), index: int(f[1]) };
    }
    case '+QUSIM':
      return { type: 'qusim', value: int(body) };
    case '+CTZV':
    case '+CTZE': {
      const f = splitFields(body);
      return { type: 'timezone', quarterHours: int(f[0]), dst: int(f[1]), time: str(f[2]) };
    }
    case '+CGEV':
      return body.trim() === '' ? null : { type: 'cgev', event: body.trim() };
    default: {
      // Whole-line URCs (RDY, RING) have no values; anything else gets the generic parse.
      const g = parseLine(line);
      return g.name === null ? null : { type: 'fields', name: g.name, fields: g.fields };
    }
  }
}
