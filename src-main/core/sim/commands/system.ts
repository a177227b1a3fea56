/** Functionality, power, configuration, URC port, temperature and GNSS switch. */
import { intArg, unquote } from '../command-line';
import { OK, ERROR, cme } from '../wire';
import type { HandlerTable, UrcPort } from './types';

const URC_PORTS: readonly UrcPort[] = ['usbat', 'usbmodem', 'uart1', 'uart2', 'all'];
/** EC25-EUX: B1, B3, B5, B7, B8, B20, B28. */
const LTE_BANDS = '0x80800d5';

/** AT+QCFG settings kept as text: test ranges (EG25-G capture above) and factory values. */
const QCFG_SIMPLE: Readonly<Record<string, { test: string; value: string }>> = {
  gprsattach: { test: '(0,1)', value: '1' },
  nwscanmode: { test: '(0-8),(0,1)', value: '0' },
  nwscanseq: { test: '(00-0102030405),(0,1)', value: '00' },
  servicedomain: { test: '(0,1,2),(0,1)', value: '2' },
  roamservice: { test: '(1,2,255),(0,1)', value: '255' },
  ledmode: { test: '(0-3)', value: '0' },
  ims: { test: '(0-2)', value: '0' },
  risignaltype: { test: '("respective","physical")', value: '"respective"' },
  apready: { test: '(0,1),(0,1),(100-3000)', value: '0,0,500' },
  'urc/ri/smsincoming': { test: '("off","pulse","always"),(1-2000),(1-5)', value: '"pulse",120,1' },
};

export const systemCommands: HandlerTable = {
  '+CFUN'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+CFUN: ${m.cfun}`] };
    if (cmd.op === 'test') return { lines: ['+CFUN: (0,1,4),(0-1)'] };
    if (cmd.op !== 'set') return ERROR;
    const fun = intArg(cmd.args[0]);
    const rst = cmd.args[1] === undefined ? 0 : intArg(cmd.args[1]);
    if ((fun !== 0 && fun !== 1 && fun !== 4) || (rst !== 0 && rst !== 1)) return cme(50);
    if (rst === 1) return { after: () => m.reset() };
    if (fun === m.cfun) return OK;
    return { latency: 'cfun', after: () => m.setFunctionality(fun) };
  },
  '+QPOWD'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: ['+QPOWD: (0,1)'] };
    if (cmd.op === 'set' && cmd.args[0] !== '0' && cmd.args[0] !== '1') return cme(50);
    return { after: () => m.powerDown() };
  },
  // EC25&EC21 AT Commands Manual V1.3 §4.3 AT+QCFG; test lines as an EG25-G prints them
  // (lukejenkins/cwd documentation/quectel_ec2x_and_eg2x/outputs.md @051a39cd), for the settings simulated.
  '+QCFG'(m, _ch, cmd) {
    if (cmd.op !== 'set') {
      if (cmd.op !== 'test') return ERROR;
      return { lines: ['+QCFG: "band",(0-200),(0-7FFFFFFFFFFFFFFFF),(0-7FFFFFFFFFFFFFFF),(0,1)', '+QCFG: "usbnet",<0-3>', ...Object.entries(QCFG_SIMPLE).map(([k, v]) => `+QCFG: "${k}",${v.test}`)] };
    }
    // The answer is lower case whatever case the host used.
    const name = unquote(cmd.args[0]).toLowerCase();
    const values = cmd.args.slice(1);
    if (name === 'usbnet') {
      if (values.length === 0) return { lines: [`+QCFG: "usbnet",${m.usbnet}`] };
      const n = intArg(values[0]);
      if (n === null || n > 3) return cme(50);
      // Takes effect after a reset; the simulator keeps the default port map regardless.
      m.usbnet = n;
      return OK;
    }
    if (name === 'band') return values.length === 0 ? { lines: [`+QCFG: "band",0x260,${LTE_BANDS},0x0`] } : OK;
    const simple = QCFG_SIMPLE[name];
    if (!simple) return cme(50);
    if (values.length === 0) return { lines: [`+QCFG: "${name}",${m.extras.qcfg[name] ?? simple.value}`] };
    if (!values.every((v) => /^("[^"]*"|[0-9A-Fa-fx]+)$/.test(v))) return cme(50);
    // The optional last <effect> argument (0 after reboot, 1 at once) is not part of the stored value.
    m.extras.qcfg[name] = values.slice(0, simple.value.split(',').length).join(',');
    return OK;
  },
  '+QURCCFG'(m, _ch, cmd) {
    if (cmd.op === 'test') return { lines: [`+QURCCFG: "urcport",(${URC_PORTS.map((p) => `"${p}"`).join(',')})`] };
    if (cmd.op !== 'set' || unquote(cmd.args[0]).toLowerCase() !== 'urcport') return ERROR;
    if (cmd.args.length === 1) return { lines: [`+QURCCFG: "urcport","${m.urcPort}"`] };
    const port = unquote(cmd.args[1]).toLowerCase() as UrcPort;
    if (!URC_PORTS.includes(port)) return cme(50);
    m.urcPort = port;
    return OK;
  },
  '+QTEMP'(m, _ch, cmd) {
    if (cmd.op !== 'exec') return cmd.op === 'test' ? OK : ERROR;
    const t = m.temperature();
    return { lines: [`+QTEMP: ${t},${t - 1},${t + 1}`] };
  },
  '+CCLK'(_m, _ch, cmd) {
    if (cmd.op === 'test') return OK;
    if (cmd.op !== 'read') return cmd.op === 'set' && /^"\d\d\/\d\d\/\d\d,\d\d:\d\d:\d\d[+-]\d\d"$/.test(cmd.args[0] ?? '') ? OK : cme(50);
    const d = new Date(Date.now());
    const p = (n: number) => String(n).padStart(2, '0');
    return { lines: [`+CCLK: "${p(d.getUTCFullYear() % 100)}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())},${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+00"`] };
  },
  '+QGPS'(m, _ch, cmd) {
    if (cmd.op === 'read') return { lines: [`+QGPS: ${m.gps ? 1 : 0}`] };
    if (cmd.op !== 'set' || cmd.args[0] !== '1') return cmd.op === 'test' ? OK : cme(50);
    if (m.gps) return cme(504);
    m.setGps(true);
    return OK;
  },
  '+QGPSEND'(m) {
    if (!m.gps) return cme(505);
    m.setGps(false);
    return OK;
  },
};
