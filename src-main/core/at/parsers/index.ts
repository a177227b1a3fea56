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
import { parseGeneric } from './generic';
import type { GenericInfo } from './generic';
import { parseCgdcontTest } from './pdp';
import type { CgdcontTestInfo } from './pdp';
import { parseCesq, parseCind, parseQcainfo, parseQnetinfo, parseQops, parseQspn } from './signal';
import type { CesqInfo, CindInfo, QcainfoInfo, QnetinfoInfo, QopsInfo, QspnInfo } from './signal';
import { parseCmgf, parseCmgl, parseCmgr, parseCnmi, parseCpms, parseCsca, parseCsms, parseMessageRef } from './sms';
import type { CmgfInfo, CmglInfo, CmgrInfo, CnmiInfo, CpmsInfo, CscaInfo, CsmsInfo, MessageRefInfo } from './sms';
import { parseAmpV, parseCbc, parseClcc, parseClip, parseClock, parseCpas, parseCtzu, parseCusd, parseQdai, parseQgpsloc, parseQicsgp, parseQinistat } from './misc';
import type { AmpVInfo, CbcInfo, ClccInfo, ClipInfo, ClockInfo, CpasInfo, CtzuInfo, CusdInfo, QdaiInfo, QgpslocInfo, QicsgpInfo, QinistatInfo } from './misc';

export * from './device';
export * from './identity';
export * from './network';
export * from './pdp';
export * from './qeng';
export * from './urc';
export * from './generic';
export * from './signal';
export * from './sms';
export * from './misc';
export * from './qeng-nr';
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
  | CgactInfo
  | CgdcontTestInfo
  | CesqInfo
  | CindInfo
  | QcainfoInfo
  | QnetinfoInfo
  | QopsInfo
  | QspnInfo
  | CmgfInfo
  | CmglInfo
  | CmgrInfo
  | CnmiInfo
  | CpmsInfo
  | CscaInfo
  | CsmsInfo
  | MessageRefInfo
  | AmpVInfo
  | CbcInfo
  | ClccInfo
  | ClipInfo
  | ClockInfo
  | CpasInfo
  | CtzuInfo
  | CusdInfo
  | QdaiInfo
  | QgpslocInfo
  | QicsgpInfo
  | QinistatInfo
  | GenericInfo;

type Parser = (lines: readonly string[], form: CommandForm, args: string) => ParsedResponse | null;

const onlyRead = (p: (lines: readonly string[]) => ParsedResponse | null): Parser => (lines, form) => (form === 'read' ? p(lines) : null);
const notTest = (p: (lines: readonly string[]) => ParsedResponse | null): Parser => (lines, form) => (form === 'test' ? null : p(lines));

const text = (type: TextInfo['type'], ...prefixes: string[]): Parser => notTest((l) => parseText(type, l, prefixes));

const QENG_KIND = new Map<string, string>();

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
  ['AT+CGDCONT', (l, form) => (form === 'read' ? parseCgdcont(l) : form === 'test' ? parseCgdcontTest(l) : null)],
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
  ['AT+CESQ', notTest(parseCesq)],
  ['AT+CIND', (l, form) => (form === 'read' || form === 'test' ? parseCind(l) : null)],
  ['AT+QCAINFO', notTest(parseQcainfo)],
  ['AT+QNETINFO', (l, form) => (form === 'write' ? parseQnetinfo(l) : null)],
  ['AT+QSPN', notTest(parseQspn)],
  ['AT+QOPS', notTest(parseQops)],
  ['AT+CMGF', onlyRead(parseCmgf)],
  ['AT+CMGL', notTest(parseCmgl)],
  ['AT+CMGR', notTest(parseCmgr)],
  ['AT+CMGS', notTest(parseMessageRef('+CMGS'))],
  ['AT+CMGW', notTest(parseMessageRef('+CMGW'))],
  ['AT+CMSS', notTest(parseMessageRef('+CMSS'))],
  ['AT+CPMS', parseCpms],
  ['AT+CSCA', onlyRead(parseCsca)],
  ['AT+CNMI', onlyRead(parseCnmi)],
  ['AT+CSMS', notTest(parseCsms)],
  ['AT&V', parseAmpV],
  ['AT+CBC', notTest(parseCbc)],
  ['AT+CLCC', notTest(parseClcc)],
  ['AT+CLIP', onlyRead(parseClip)],
  ['AT+CUSD', notTest(parseCusd)],
  ['AT+CPAS', notTest(parseCpas)],
  ['AT+QINISTAT', notTest(parseQinistat)],
  ['AT+CTZU', onlyRead(parseCtzu)],
  ['AT+QICSGP', notTest(parseQicsgp)],
  ['AT+QDAI', onlyRead(parseQdai)],
  ['AT+QGPSLOC', notTest(parseQgpsloc)],
  ['AT+CCLK', onlyRead(parseClock('+CCLK'))],
  ['AT+QLTS', notTest(parseClock('+QLTS'))],
  [
    'AT+QENG',
    (l, form, args) => {
      if (form !== 'write') return null;
      // Health polls send the same few argument strings: look the cell type up once per string.
      let what = QENG_KIND.get(args);
      if (what === undefined) {
        what = unquote(args.split(',')[0]?.trim()).toLowerCase();
        if (QENG_KIND.size < 64) QENG_KIND.set(args, what);
      }
      if (what === 'servingcell') return parseQengServing(l);
      if (what === 'neighbourcell') return parseQengNeighbours(l);
      return null;
    },
  ],
]);

/**
 * Typed fields of a command's information lines (echo, URCs and the final already removed
 * by the session). A specific parser's result when one covers the command and the lines
 * fit, else the generic parse of the lines (GenericInfo); null when there are no lines.
 * Batch conditions reach the positional values of any reply through `fields[n]`/`rows[n]`
 * (see batch/condition.ts), so specific results need not carry them: building them for
 * every reply on the hot path would cost more than the parse itself.
 */
export function parseResponse(command: string, lines: string[]): ParsedResponse | null {
  return responseParserFor(command)(lines);
}

/**
 * The parser parseResponse would use for this command line, bound to its form and
 * arguments. Never null: commands without a specific parser get the generic one.
 */
export function responseParserFor(command: string): (lines: string[]) => ParsedResponse | null {
  const cmd = normalizeCommand(command);
  const parser = PARSERS.get(cmd.base);
  if (parser === undefined) return parseGeneric;
  return (lines) => {
    const r = parser(lines, cmd.form, cmd.args);
    if (r !== null) return r;
    // The lines do not fit the specific parser (a form it does not cover, another firmware's layout): keep them usable.
    return parseGeneric(lines);
  };
}

/** Whether a specific (named-field) parser covers this command's name (any form). */
export function hasResponseParser(command: string): boolean {
  return PARSERS.has(normalizeCommand(command).base);
}
