/**
 * Where each simulated SMS command's behaviour comes from; a test keeps it complete.
 *
 * - MAN9: Quectel EC2x/EG2x AT Commands Manual (V2.0-era), chapter 9 "Short Message Service
 *   Commands", read in a public Chinese translation (English examples verbatim), cited the way
 *   /work/shared/reference/ec25-facts.md cites chapters 2, 6 and 10 of the same manual.
 * - 27.005: 3GPP TS 27.005, where the manual defers to it.
 * - Captures: EC25-E `+CDSI: "SM",0` / `AT+CMGR=0` / `OK` (IchthysMaranatha/asterisk-chan-quectel
 *   PR #75): indexes from 0, an empty slot reads as a bare OK; EC21 `+CMGL: 0,0,,160`
 *   (SeeedJP/WioLTEforArduino#31); EG25-G `\r\n> ` prompt and Ctrl-Z echo (ec25-facts.md §6.5).
 */
export const SMS_COMMAND_SOURCES: Readonly<Record<string, string>> = {
  '+CSMS': 'MAN9 §9.1 example: `+CSMS: (0,1)`; read `<service>,1,1,1`; set answers `+CSMS: 1,1,1`',
  '+CMGF': 'MAN9 §9.2: 0 PDU (default), 1 text',
  '+CSCA': 'MAN9 §9.3 example: read `+CSCA: "<sca>",145`; test bare OK',
  '+CPMS': 'MAN9 §9.4 example: SM holds 50, ME 255 (MT is ME); set answers the used/total triples',
  '+CMGD': 'MAN9 §9.5: `<index>[,<delflag 0-4>]`',
  '+CMGL': 'MAN9 §9.6: text stat strings, PDU 0-4; no argument lists REC UNREAD; listing marks unread read',
  '+CMGR': 'MAN9 §9.7; EC25-E capture: an empty slot answers a bare OK',
  '+CMGS': 'MAN9 §9.8: `> ` prompt, Ctrl-Z sends, ESC cancels with OK, `+CMGS: <mr>`; 160 characters text, 140 octets PDU; ec25-facts §6.5',
  '+CMMS': 'MAN9 §9.9',
  '+CMGW': 'MAN9 §9.10 examples: `+CMGW: <index>`, STO UNSENT unless <stat> says otherwise',
  '+CMSS': 'MAN9 §9.11 example: `+CMSS: <mr>`',
  '+CNMA': 'MAN9 §9.12 example: a second AT+CNMA is +CMS ERROR: 340',
  '+CNMI': 'MAN9 §9.13: default 2,1,0,0,0; `+CMTI: <mem>,<index>` (<mt> 1) or `+CMT:` (<mt> 2)',
  '+CSDH': 'MAN9 §9.15 example: header fields in text-mode +CMGR/+CMGL/+CMT',
  '+CSMP': 'MAN9 §9.16; 27.005 §3.3.2 defaults 17,167,0,0',
  '+CSAS': '27.005 §3.3.4 (the settings are kept across reboots anyway, MAN9 "saved automatically")',
  '+CRES': '27.005 §3.3.5',
  '+SIMSMS': 'not an EC25 command: the simulator\'s test hook that makes an SMS arrive (like AT+SIMTAG)',
};
