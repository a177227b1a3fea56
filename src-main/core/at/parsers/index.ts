/**
 * Typed parsers: `parseResponse` for a command's information lines, `parseUrc` for
 * unsolicited lines. Every result has a `type` discriminator; null means "no parser"
 * or "the lines do not fit", never an exception.
 */
import { normalizeCommand } from '../command';
import type { CommandForm } from '../command';
import { parseCfun, parseCmee, parseCpin, parseQcfg, parseQtemp } from './device';
import type { CfunInfo, CmeeInfo, CpinInfo, QcfgInfo, QtempInfo } from './device';
import { unquote } from './fields';
import { parseAti, parseIccid, parseImei, parseImsi, parseText } from './identity';
import type { AtiInfo, IccidInfo, ImeiInfo, ImsiInfo, TextInfo } from './identity';
import { parseCops, parseCopsList, parseCsq, parseQnwinfo, parseRegistration } from './network';
import type { CopsInfo, CopsListInfo, CsqInfo, QnwinfoInfo, RegistrationInfo } from './network';
import { parseCgact, parseCgatt, parseCgcontrdp, parseCgdcont, parseCgpaddr } from './pdp';
import type { CgactInfo, CgattInfo, CgcontrdpInfo, CgdcontInfo, CgpaddrInfo } from './pdp';
import { parseQengNeighbours, parseQengServing } from './qeng';
import type { QengNeighboursInfo, QengServingInfo } from './qeng';

export * from './device';
export * from './identity';
export * from './network';
export * from './pdp';
export * from './qeng';
export * from './urc';
export { splitFields, normalizeQuotes } from './fields';

export type ParsedResponse =
  | CsqInfo
  | RegistrationInfo
  | CopsInfo
  | CopsListInfo
  | QnwinfoInfo
  | CpinInfo
  | CfunInfo
  | CmeeInfo
  | QtempInfo
  | QcfgInfo
  | ImeiInfo
  | ImsiInfo
  | IccidInfo
  | TextInfo
  | AtiInfo
  | QengServingInfo
  | QengNeighboursInfo
  | CgdcontInfo
  | CgpaddrInfo
  | CgcontrdpInfo
  | CgattInfo
  | CgactInfo;

type Parser = (lines: readonly string[], form: CommandForm, args: string) => ParsedResponse | null;

const onlyRead = (p: (lines: readonly string[]) => ParsedResponse | null): Parser => (lines, form) => (form === 'read' ? p(lines) : null);
const notTest = (p: (lines: readonly string[]) => ParsedResponse | null): Parser => (lines, form) => (form === 'test' ? null : p(lines));

const text = (type: TextInfo['type'], ...prefixes: string[]): Parser => notTest((l) => parseText(type, l, prefixes));

const PARSERS = new Map<string, Parser>([
  ['AT+CSQ', notTest(parseCsq)],
  ['AT+CREG', onlyRead((l) => parseRegistration('+CREG', l))],
  ['AT+CGREG', onlyRead((l) => parseRegistration('+CGREG', l))],
  ['AT+CEREG', onlyRead((l) => parseRegistration('+CEREG', l))],
  ['AT+COPS', (l, form) => (form === 'read' ? parseCops(l) : form === 'test' ? parseCopsList(l) : null)],
  ['AT+CPIN', onlyRead(parseCpin)],
  ['AT+CFUN', onlyRead(parseCfun)],
  ['AT+CMEE', onlyRead(parseCmee)],
  ['AT+CGATT', onlyRead(parseCgatt)],
  ['AT+CGACT', onlyRead(parseCgact)],
  ['AT+CGDCONT', onlyRead(parseCgdcont)],
  ['AT+CGPADDR', notTest(parseCgpaddr)],
  ['AT+CGCONTRDP', notTest(parseCgcontrdp)],
  ['AT+CGSN', notTest(parseImei)],
  ['AT+GSN', notTest(parseImei)],
  ['AT+CIMI', notTest(parseImsi)],
  ['AT+QCCID', notTest(parseIccid)],
  ['AT+CCID', notTest(parseIccid)],
  ['AT+ICCID', notTest(parseIccid)],
  ['AT+CGMI', text('manufacturer', '+CGMI')],
  ['AT+GMI', text('manufacturer', '+GMI')],
  ['AT+CGMM', text('model', '+CGMM')],
  ['AT+GMM', text('model', '+GMM')],
  ['AT+CGMR', text('revision', '+CGMR')],
  ['AT+GMR', text('revision', '+GMR')],
  ['AT+QGMR', text('revision', '+QGMR')],
  ['ATI', (l, form, args) => (form === 'exec' && (args === '' || args === '0') ? parseAti(l) : null)],
  ['AT+QNWINFO', notTest(parseQnwinfo)],
  ['AT+QTEMP', notTest(parseQtemp)],
  ['AT+QCFG', (l, form) => (form === 'write' || form === 'read' ? parseQcfg(l) : null)],
  [
    'AT+QENG',
    (l, form, args) => {
      if (form !== 'write') return null;
      const what = unquote(args.split(',')[0]?.trim()).toLowerCase();
      if (what === 'servingcell') return parseQengServing(l);
      if (what === 'neighbourcell') return parseQengNeighbours(l);
      return null;
    },
  ],
]);

/**
 * Typed fields of a command's information lines (echo, URCs and the final already removed
 * by the session), or null when no parser covers the command or the lines do not fit.
 */
export function parseResponse(command: string, lines: string[]): ParsedResponse | null {
  return responseParserFor(command)?.(lines) ?? null;
}

/** The parser parseResponse would use for this command line, bound to its form and arguments; null when none covers it. */
export function responseParserFor(command: string): ((lines: string[]) => ParsedResponse | null) | null {
  const cmd = normalizeCommand(command);
  const parser = PARSERS.get(cmd.base);
  if (parser === undefined) return null;
  return (lines) => parser(lines, cmd.form, cmd.args);
}

/** Whether parseResponse has a parser for this command's name (any form). */
export function hasResponseParser(command: string): boolean {
  return PARSERS.has(normalizeCommand(command).base);
}
