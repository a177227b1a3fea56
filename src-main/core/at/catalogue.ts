/**
 * The built-in EC25 command catalogue: timeouts now, autocomplete and "are you sure?"
 * prompts in the UI later. `maxResponseMs` is the manual's "maximum response time" as
 * recorded in ec25-facts.md §3, and null where no source gave one (we do not invent
 * vendor figures); `timeoutClass` is what we wait, which for a null is our own choice,
 * said in a comment.
 */
import { isDangerousCommandLine } from '../../../src-preload/contract/dangerous';
import { normalizeCommand } from './command';
import type { TimeoutClass } from './types';

export interface CatalogueEntry {
  /** `AT+COPS`, `ATE`, `AT&F`, or a sub-command `AT+QCFG="usbnet"` (lowercase inside the quotes). */
  name: string;
  summary: string;
  /** The manual's maximum response time in ms, null when the sources read do not give one. */
  maxResponseMs: number | null;
  timeoutClass: TimeoutClass;
  /** Syntax with `<param>` placeholders and `[optional]` parts. */
  template: string;
  /** Some forms reboot the modem, drop USB, or change persistent settings; check isDangerous(). */
  dangerous?: boolean;
}

export interface TimeoutDefaults {
  /** Commands the manual answers within 300 ms, and unknown commands: seconds of slack for a busy USB hub. @default 5000 */
  short: number;
  /** AT+CFUN, 15 s "determined by network". @default 15000 */
  cfun: number;
  /** AT+COPS (all forms, including the =? scan), 180 s. @default 180000 */
  cops: number;
  /** AT+CGATT, 140 s. @default 140000 */
  cgatt: number;
  /** Network-bound commands with no documented figure (calls, SMS send, power down). @default 60000 */
  long: number;
}

export const TIMEOUT_DEFAULTS: Readonly<TimeoutDefaults> = Object.freeze({
  short: 5000,
  cfun: 15000,
  cops: 180000,
  cgatt: 140000,
  long: 60000,
});

type Row = [name: string, maxResponseMs: number | null, cls: TimeoutClass, template: string, summary: string, dangerous?: true];

// prettier-ignore
const ROWS: Row[] = [
  // General ([MAN2]): 300 ms.
  ['AT', 300, 'short', 'AT', 'Attention: checks that the port answers'],
  ['ATI', 300, 'short', 'ATI', 'Manufacturer, model and revision'],
  ['ATE', 300, 'short', 'ATE<value>', 'Command echo off (0) or on (1), not saved'],
  ['ATV', 300, 'short', 'ATV<value>', 'Result codes numeric (0) or verbose (1)'],
  ['ATQ', 300, 'short', 'ATQ<n>', 'Suppress result codes (1) or not (0)'],
  ['ATX', 300, 'short', 'ATX<value>', 'CONNECT result code format and call monitoring'],
  ['ATZ', 300, 'short', 'ATZ[<value>]', 'Restore the user profile'],
  ['AT&F', 300, 'short', 'AT&F[<value>]', 'Restore factory settings', true],
  ['AT&V', 300, 'short', 'AT&V', 'Show the current configuration'],
  ['AT&W', 300, 'short', 'AT&W[<n>]', 'Store the current settings to the user profile'],
  ['ATS3', 300, 'short', 'ATS3=<n>', 'Command line termination character'],
  ['ATS4', 300, 'short', 'ATS4=<n>', 'Response formatting character'],
  ['ATS5', 300, 'short', 'ATS5=<n>', 'Command line editing character'],
  ['AT+GMI', 300, 'short', 'AT+GMI', 'Manufacturer'],
  ['AT+GMM', 300, 'short', 'AT+GMM', 'Model'],
  ['AT+GMR', 300, 'short', 'AT+GMR', 'Firmware revision'],
  ['AT+GSN', 300, 'short', 'AT+GSN', 'IMEI'],
  ['AT+CGMI', 300, 'short', 'AT+CGMI', 'Manufacturer'],
  ['AT+CGMM', 300, 'short', 'AT+CGMM', 'Model'],
  ['AT+CGMR', 300, 'short', 'AT+CGMR', 'Base firmware revision'],
  ['AT+CGSN', 300, 'short', 'AT+CGSN', 'IMEI'],
  ['AT+CMEE', 300, 'short', 'AT+CMEE=[<n>]', 'Error reporting: 0 ERROR, 1 numeric, 2 verbose'],
  ['AT+CSCS', 300, 'short', 'AT+CSCS=<chset>', 'TE character set'],
  ['AT+QURCCFG', 300, 'short', 'AT+QURCCFG="urcport"[,<urcportvalue>]', 'Which port gets URCs (saved to NV)'],
  ['AT+QAPRDYIND', 300, 'short', 'AT+QAPRDYIND=<n>', 'Enable +APIND readiness URCs (after reboot)'],
  // Not in the chapters read; they answer from local state, so the short class.
  ['AT+QGMR', null, 'short', 'AT+QGMR', 'Firmware revision with sub-build'],
  ['AT+QCCID', null, 'short', 'AT+QCCID', 'SIM ICCID'],
  ['AT+CIMI', null, 'short', 'AT+CIMI', 'SIM IMSI'],
  ['AT+CPIN', null, 'short', 'AT+CPIN=<pin>[,<new pin>]', 'SIM PIN state, or enter PIN/PUK'],
  ['AT+QTEMP', null, 'short', 'AT+QTEMP', 'Module temperatures'],
  ['AT+QCFG', null, 'short', 'AT+QCFG=<function>[,<value>...]', 'Extended configuration'],
  ['AT+QCFG="usbnet"', null, 'short', 'AT+QCFG="usbnet"[,<net>]', 'USB network mode (0 RmNet, 1 ECM, 3 RNDIS): renumbers the USB ports after reset', true],
  ['AT+QCFG="band"', null, 'short', 'AT+QCFG="band"[,<gwband>,<lteband>[,<tdsband>[,<effect>]]]', 'Enabled bands (hex masks)'],
  ['AT+QCFG="nwscanmode"', null, 'short', 'AT+QCFG="nwscanmode"[,<scanmode>[,<effect>]]', 'RAT scan mode (0 auto, 1 GSM, 2 WCDMA, 3 LTE)'],
  ['AT+QCFG="nwscanseq"', null, 'short', 'AT+QCFG="nwscanseq"[,<scanseq>[,<effect>]]', 'RAT search order'],
  ['AT+QPRTPARA', null, 'short', 'AT+QPRTPARA=<mode>', 'Store (1) or restore (3) NV parameters', true],
  ['AT+QFASTBOOT', null, 'short', 'AT+QFASTBOOT', 'Enter fastboot (firmware download) mode', true],
  ['AT+QINDCFG', null, 'short', 'AT+QINDCFG=<urctype>[,<enable>[,<savetonvram>]]', 'Which +QIND URCs are sent'],
  ['AT+QSIMSTAT', null, 'short', 'AT+QSIMSTAT=<enable>', 'SIM insertion status reporting'],
  ['AT+QSIMDET', null, 'short', 'AT+QSIMDET=<enable>,<insert_level>', 'SIM card detection'],
  ['AT+QINISTAT', null, 'short', 'AT+QINISTAT', 'SIM initialisation status'],
  ['AT+CCLK', null, 'short', 'AT+CCLK=<time>', 'Real-time clock'],
  ['AT+QCSQ', null, 'short', 'AT+QCSQ', 'Signal by RAT (sysmode, rssi, rsrp, sinr, rsrq)'],
  ['AT+CEER', null, 'short', 'AT+CEER', 'Last error report'],
  // Network service ([MAN6]): 300 ms unless noted.
  ['AT+CSQ', 300, 'short', 'AT+CSQ', 'Signal quality (rssi, ber)'],
  ['AT+CREG', 300, 'short', 'AT+CREG=[<n>]', 'CS network registration'],
  ['AT+CPOL', 300, 'short', 'AT+CPOL=[<index>][,<format>[,<oper>]]', 'Preferred operator list'],
  ['AT+CTZU', 300, 'short', 'AT+CTZU=<onoff>', 'Automatic time zone update'],
  ['AT+CTZR', 300, 'short', 'AT+CTZR=<reporting>', 'Time zone change reporting'],
  ['AT+QLTS', 300, 'short', 'AT+QLTS[=<mode>]', 'Latest time synchronised from the network'],
  ['AT+QNWINFO', 300, 'short', 'AT+QNWINFO', 'Access technology, operator, band, channel'],
  ['AT+QSPN', 300, 'short', 'AT+QSPN', 'Service provider name'],
  ['AT+QNWLOCK', 300, 'short', 'AT+QNWLOCK="common/lte",<mode>[,<freq>,<pci>]', 'Lock to a frequency or cell'],
  ['AT+QFPLMNCFG', 300, 'short', 'AT+QFPLMNCFG=<action>[,<PLMN>]', 'Forbidden PLMN list'],
  ['AT+QENG', 300, 'short', 'AT+QENG=<type>', 'Engineering mode: serving and neighbour cells'],
  ['AT+QENG="servingcell"', 300, 'short', 'AT+QENG="servingcell"', 'Serving cell: RAT, ids, RSRP/RSRQ/SINR'],
  ['AT+QENG="neighbourcell"', 300, 'short', 'AT+QENG="neighbourcell"', 'Neighbour cells'],
  ['AT+CIND', 300, 'short', 'AT+CIND=[<ind>[,<ind>...]]', 'Indicator control'],
  ['AT+CFUN', 15000, 'cfun', 'AT+CFUN=<fun>[,<rst>]', 'Phone functionality: 0 minimum, 1 full, 4 RF off; rst=1 reboots', true],
  ['AT+COPS', 180000, 'cops', 'AT+COPS=<mode>[,<format>[,<oper>[,<AcT>]]]', 'Operator selection; =? scans (slow)'],
  // A scan like AT+COPS=?, with no documented figure: wait as long as for COPS.
  ['AT+QOPS', null, 'cops', 'AT+QOPS', 'Band scan of operators and cells'],
  ['AT+COPN', null, 'long', 'AT+COPN', 'Operator names ("depends on the number of operator names")'],
  ['AT+QDIAGPORT', 12000, 'cfun', 'AT+QDIAGPORT=<mode>', 'DIAG port control (12 s: the 15 s class covers it)'],
  // Packet domain ([MAN10]): 300 ms unless noted.
  ['AT+CGDCONT', 300, 'short', 'AT+CGDCONT=<cid>[,<PDP_type>[,<APN>[,<PDP_addr>[,<d_comp>[,<h_comp>]]]]]', 'Define PDP context'],
  ['AT+CGQREQ', 300, 'short', 'AT+CGQREQ=<cid>[,...]', 'Requested QoS profile (GPRS)'],
  ['AT+CGQMIN', 300, 'short', 'AT+CGQMIN=<cid>[,...]', 'Minimum QoS profile (GPRS)'],
  ['AT+CGEQREQ', 300, 'short', 'AT+CGEQREQ=<cid>[,...]', 'Requested QoS profile (UMTS)'],
  ['AT+CGEQMIN', 300, 'short', 'AT+CGEQMIN=<cid>[,...]', 'Minimum QoS profile (UMTS)'],
  ['AT+CGPADDR', 300, 'short', 'AT+CGPADDR[=<cid>[,<cid>...]]', 'PDP addresses'],
  ['AT+CGREG', 300, 'short', 'AT+CGREG=[<n>]', 'GPRS network registration'],
  ['AT+CEREG', 300, 'short', 'AT+CEREG=[<n>]', 'EPS (LTE) network registration'],
  ['AT+CGEREP', 300, 'short', 'AT+CGEREP=[<mode>[,<bfr>]]', 'Packet domain event reporting (+CGEV)'],
  ['AT+CGSMS', 300, 'short', 'AT+CGSMS=[<service>]', 'Service for MO SMS'],
  ['AT+QGDCNT', 300, 'short', 'AT+QGDCNT=<op>', 'Data counter'],
  ['AT+QAUGDCNT', 300, 'short', 'AT+QAUGDCNT=<value>', 'Data counter auto-save period'],
  ['AT+QNETDEVSTATUS', 300, 'short', 'AT+QNETDEVSTATUS=<cid>', 'RmNet device status'],
  ['AT+CGCONTRDP', 300, 'short', 'AT+CGCONTRDP[=<cid>]', 'Dynamic PDP parameters (address, gateway, DNS)'],
  ['AT+CGATT', 140000, 'cgatt', 'AT+CGATT=<state>', 'Packet service attach (1) or detach (0)'],
  // Network-bound, no figure in the sources read (ec25-facts §7). Activation waits like attach.
  ['AT+CGACT', null, 'cgatt', 'AT+CGACT=<state>,<cid>', 'Activate or deactivate a PDP context'],
  ['AT+QIACT', null, 'cgatt', 'AT+QIACT=<contextID>', 'Activate a TCP/IP context'],
  ['AT+QIDEACT', null, 'long', 'AT+QIDEACT=<contextID>', 'Deactivate a TCP/IP context'],
  ['AT+QICSGP', null, 'short', 'AT+QICSGP=<contextID>[,<context_type>,<APN>[,<username>,<password>[,<authentication>]]]', 'Configure a TCP/IP context'],
  ['AT+QPING', null, 'short', 'AT+QPING=<contextID>,<host>[,<timeout>[,<pingnum>]]', 'Ping; results arrive as +QPING URCs after OK'],
  ['AT+QPOWD', null, 'long', 'AT+QPOWD[=<n>]', 'Power down: OK, then POWERED DOWN; USB does not come back by itself', true],
  // SMS (27.005). The chapter was not read; reads answer from local storage.
  ['AT+CMGF', null, 'short', 'AT+CMGF=[<mode>]', 'SMS format: 0 PDU, 1 text'],
  ['AT+CMGS', null, 'long', 'AT+CMGS=<da>[,<toda>] then text and Ctrl-Z', 'Send SMS (waits for the network)'],
  ['AT+CMGR', null, 'short', 'AT+CMGR=<index>', 'Read SMS'],
  ['AT+CMGL', null, 'short', 'AT+CMGL[=<stat>]', 'List SMS'],
  ['AT+CMGD', null, 'short', 'AT+CMGD=<index>[,<delflag>]', 'Delete SMS'],
  ['AT+CNMI', null, 'short', 'AT+CNMI=[<mode>[,<mt>[,<bm>[,<ds>[,<bfr>]]]]]', 'New SMS indications (+CMTI)'],
  ['AT+CPMS', null, 'short', 'AT+CPMS=<mem1>[,<mem2>[,<mem3>]]', 'Preferred SMS storage'],
  ['AT+CSCA', null, 'short', 'AT+CSCA=<sca>[,<tosca>]', 'SMS service centre address'],
  ['AT+CUSD', null, 'long', 'AT+CUSD=[<n>[,<str>[,<dcs>]]]', 'USSD; the answer arrives as a +CUSD URC'],
  // Calls and GNSS, no figures in the sources read.
  ['ATD', null, 'long', 'ATD<dial string>[;]', 'Dial'],
  ['ATA', null, 'long', 'ATA', 'Answer an incoming call'],
  ['ATH', null, 'long', 'ATH[0]', 'Hang up'],
  ['AT+QGPS', null, 'short', 'AT+QGPS=<gnssmode>[,...]', 'Turn GNSS on'],
  ['AT+QGPSEND', null, 'short', 'AT+QGPSEND', 'Turn GNSS off'],
  ['AT+QGPSLOC', null, 'short', 'AT+QGPSLOC[=<mode>]', 'GNSS position (+CME ERROR: 516 until a fix)'],
];

const ENTRIES: readonly CatalogueEntry[] = Object.freeze(
  ROWS.map(([name, maxResponseMs, timeoutClass, template, summary, dangerous]) => {
    const e: CatalogueEntry = { name, summary, maxResponseMs, timeoutClass, template };
    if (dangerous) e.dangerous = true;
    return Object.freeze(e);
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
);

const BY_NAME = new Map<string, CatalogueEntry>(ENTRIES.map((e) => [e.name, e]));
/** Bases with per-first-argument entries (`AT+QCFG="usbnet"`). */
const HAS_SUB = new Set(ENTRIES.filter((e) => e.name.includes('="')).map((e) => e.name.slice(0, e.name.indexOf('='))));

/** Every entry, sorted by name. */
export function catalogueEntries(): readonly CatalogueEntry[] {
  return ENTRIES;
}

/** The most specific entry for a command line (`AT+QCFG="usbnet",1` finds the usbnet entry), or null. */
export function lookupCommand(cmd: string): CatalogueEntry | null {
  const n = normalizeCommand(cmd);
  if (HAS_SUB.has(n.base) && n.args.startsWith('"')) {
    const close = n.args.indexOf('"', 1);
    if (close > 1) {
      const sub = BY_NAME.get(`${n.base}="${n.args.slice(1, close).toLowerCase()}"`);
      if (sub !== undefined) return sub;
    }
  }
  return BY_NAME.get(n.base) ?? null;
}

const TIMEOUT_KEYS = Object.keys(TIMEOUT_DEFAULTS) as (keyof TimeoutDefaults)[];
// setTimeout clamps anything above this to 1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Commands are few and repeat: their timeout class is remembered (bounded). */
const CLASS_CACHE = new Map<string, TimeoutClass>();

/** The timeout class of a command line; unknown commands get the short class. */
export function timeoutClassOf(command: string): TimeoutClass {
  let cls = CLASS_CACHE.get(command);
  if (cls === undefined) {
    cls = lookupCommand(command)?.timeoutClass ?? 'short';
    if (CLASS_CACHE.size >= 1024) CLASS_CACHE.clear();
    CLASS_CACHE.set(command, cls);
  }
  return cls;
}

/** How long to wait for a final result, from the end of the write. Unknown commands get the short class. */
export function timeoutFor(command: string, overrides?: Partial<TimeoutDefaults>): number {
  const cls = timeoutClassOf(command);
  if (overrides !== undefined) {
    for (const k of TIMEOUT_KEYS) {
      const v = overrides[k];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_TIMER_MS)) {
        throw new TypeError(`${k} must be a positive number of ms up to ${MAX_TIMER_MS}, got ${String(v)}`);
      }
    }
    const v = overrides[cls];
    if (v !== undefined) return v;
  }
  return TIMEOUT_DEFAULTS[cls];
}

/**
 * Whether a command line powers the modem down, reboots it (USB drops and re-enumerates,
 * ec25-facts §5), takes the radio off, or rewrites persistent settings, anywhere in the line
 * as a V.250 modem parses it (`AT+CSQ;+QPOWD`, `ATE0&F`). The one classifier lives in the
 * contract (classifyCommandLine) so the renderer, the API and batch files agree; this is it.
 * Queries of the same commands (`AT+CFUN?`, `AT+QCFG="usbnet"`) are not dangerous.
 */
export function isDangerous(command: string): boolean {
  return isDangerousCommandLine(command);
}

/** Entries whose name starts with `prefix`, case-insensitively; `AT` may be left out (`+CO`). */
export function completeCommand(prefix: string): CatalogueEntry[] {
  let p = prefix.trim().toUpperCase();
  if (p !== '' && !p.startsWith('AT') && p !== 'A') p = 'AT' + p;
  return ENTRIES.filter((e) => e.name.toUpperCase().startsWith(p));
}
