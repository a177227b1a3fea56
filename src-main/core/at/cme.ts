/**
 * +CME ERROR (3GPP TS 27.007 §9.2) and +CMS ERROR (TS 27.005 §3.2.5) codes, both
 * directions: with AT+CMEE=1 the modem sends the number, with AT+CMEE=2 the text
 * ([MAN2] §2.23), and the rest of the app wants both.
 *
 * Texts follow the Quectel EC25 manual's summary tables where they differ from the
 * 3GPP wording, because that is what the modem prints with CMEE=2.
 */

const CME: ReadonlyArray<readonly [number, string]> = [
  [0, 'Phone failure'],
  [1, 'No connection to phone'],
  [2, 'Phone-adaptor link reserved'],
  [3, 'Operation not allowed'],
  [4, 'Operation not supported'],
  [5, 'PH-SIM PIN required'],
  [6, 'PH-FSIM PIN required'],
  [7, 'PH-FSIM PUK required'],
  [10, 'SIM not inserted'],
  [11, 'SIM PIN required'],
  [12, 'SIM PUK required'],
  [13, 'SIM failure'],
  [14, 'SIM busy'],
  [15, 'SIM wrong'],
  [16, 'Incorrect password'],
  [17, 'SIM PIN2 required'],
  [18, 'SIM PUK2 required'],
  [20, 'Memory full'],
  [21, 'Invalid index'],
  [22, 'Not found'],
  [23, 'Memory failure'],
  [24, 'Text string too long'],
  [25, 'Invalid characters in text string'],
  [26, 'Dial string too long'],
  [27, 'Invalid characters in dial string'],
  [30, 'No network service'],
  [31, 'Network timeout'],
  [32, 'Network not allowed - emergency calls only'],
  [40, 'Network personalization PIN required'],
  [41, 'Network personalization PUK required'],
  [42, 'Network subset personalization PIN required'],
  [43, 'Network subset personalization PUK required'],
  [44, 'Service provider personalization PIN required'],
  [45, 'Service provider personalization PUK required'],
  [46, 'Corporate personalization PIN required'],
  [47, 'Corporate personalization PUK required'],
  [48, 'Hidden key required'],
  [49, 'EAP method not supported'],
  [50, 'Incorrect parameters'],
  [51, 'Command implemented but currently disabled'],
  [52, 'Command aborted by user'],
  [53, 'Not attached to network due to MT functionality restrictions'],
  [54, 'Modem not allowed - MT restricted to emergency calls only'],
  [55, 'Operation not allowed because of MT functionality restrictions'],
  [56, 'Fixed dial number only allowed - called number is not a fixed dial number'],
  [57, 'Temporarily out of service due to other MT usage'],
  [58, 'Language/alphabet not supported'],
  [59, 'Unexpected data value'],
  [60, 'System failure'],
  [61, 'Data missing'],
  [62, 'Call barred'],
  [63, 'Message waiting indication subscription failure'],
  [100, 'Unknown'],
  [103, 'Illegal MS'],
  [106, 'Illegal ME'],
  [107, 'GPRS services not allowed'],
  [108, 'GPRS services and non-GPRS services not allowed'],
  [111, 'PLMN not allowed'],
  [112, 'Location area not allowed'],
  [113, 'Roaming not allowed in this location area'],
  [114, 'GPRS services not allowed in this PLMN'],
  [115, 'No suitable cells in tracking area'],
  [122, 'Congestion'],
  [125, 'Insufficient resources'],
  [126, 'Missing or unknown APN'],
  [127, 'Unknown PDP address or PDP type'],
  [128, 'User authentication failed'],
  [129, 'Activation rejected by GGSN, Serving GW or PDN GW'],
  [130, 'Activation rejected, unspecified'],
  // 131..134: the EC25 manual (and 27.007 before Rel-8) puts the service-option
  // errors at 132..134; later 27.007 releases shifted them by one. We follow the module.
  [132, 'Service option not supported'],
  [133, 'Requested service option not subscribed'],
  [134, 'Service option temporarily out of order'],
  [140, 'Feature not supported'],
  [141, 'Semantic error in the TFT operation'],
  [142, 'Syntactical error in the TFT operation'],
  [143, 'Unknown PDP context'],
  [144, 'Semantic errors in packet filter(s)'],
  [145, 'Syntactical errors in packet filter(s)'],
  [146, 'PDP context without TFT already activated'],
  [148, 'Unspecified GPRS error'],
  [149, 'PDP authentication failure'],
  [150, 'Invalid mobile class'],
  // Quectel TCP/IP AT manual (QIOPEN/QISEND/QIDNS...), which the EC25 shares.
  [550, 'Unknown error'],
  [551, 'Operation blocked'],
  [552, 'Invalid parameters'],
  [553, 'Memory not enough'],
  [554, 'Create socket failed'],
  [555, 'Operation not supported'],
  [556, 'Socket bind failed'],
  [557, 'Socket listen failed'],
  [558, 'Socket write failed'],
  [559, 'Socket read failed'],
  [560, 'Socket accept failed'],
  [561, 'Open PDP context failed'],
  [562, 'Close PDP context failed'],
  [563, 'Socket identity has been used'],
  [564, 'DNS busy'],
  [565, 'DNS parse failed'],
  [566, 'Socket connect failed'],
  [567, 'Socket has been closed'],
  [568, 'Operation busy'],
  [569, 'Operation timeout'],
  [570, 'PDP context broken down'],
  [571, 'Cancel send'],
  [572, 'Operation not allowed'],
  [573, 'APN not configured'],
  [574, 'Port busy'],
];

const CMS: ReadonlyArray<readonly [number, string]> = [
  // 0..127: RP/TP cause values of TS 24.011 / 23.040 that the network passes through.
  [1, 'Unassigned (unallocated) number'],
  [8, 'Operator determined barring'],
  [10, 'Call barred'],
  [21, 'Short message transfer rejected'],
  [27, 'Destination out of service'],
  [28, 'Unidentified subscriber'],
  [29, 'Facility rejected'],
  [30, 'Unknown subscriber'],
  [38, 'Network out of order'],
  [41, 'Temporary failure'],
  [42, 'Congestion'],
  [47, 'Resources unavailable, unspecified'],
  [50, 'Requested facility not subscribed'],
  [69, 'Requested facility not implemented'],
  [81, 'Invalid short message transfer reference value'],
  [95, 'Invalid message, unspecified'],
  [96, 'Invalid mandatory information'],
  [97, 'Message type non-existent or not implemented'],
  [98, 'Message not compatible with short message protocol state'],
  [99, 'Information element non-existent or not implemented'],
  [111, 'Protocol error, unspecified'],
  [127, 'Interworking, unspecified'],
  [300, 'ME failure'],
  [301, 'SMS ME reserved'],
  [302, 'Operation not allowed'],
  [303, 'Operation not supported'],
  [304, 'Invalid PDU mode'],
  [305, 'Invalid text mode'],
  [310, 'SIM not inserted'],
  [311, 'SIM PIN necessary'],
  [312, 'PH SIM PIN necessary'],
  [313, 'SIM failure'],
  [314, 'SIM busy'],
  [315, 'SIM wrong'],
  [316, 'SIM PUK required'],
  [317, 'SIM PIN2 required'],
  [318, 'SIM PUK2 required'],
  [320, 'Memory failure'],
  [321, 'Invalid memory index'],
  [322, 'Memory full'],
  [330, 'SMSC address unknown'],
  [331, 'No network'],
  [332, 'Network timeout'],
  [340, 'No +CNMA acknowledgement expected'],
  // Not in 27.005: seen on a failed send over the EG25-G UART ([LUP], ec25-facts §6.5).
  [350, 'Rejected by SMSC'],
  [500, 'Unknown'],
  [512, 'SIM not ready'],
  [513, 'Message length exceeds'],
  [514, 'Invalid request parameters'],
  [515, 'ME storage failure'],
  [517, 'Invalid service mode'],
  [528, 'More message to send state error'],
  [529, 'MO SMS is not allow'],
  [530, 'GPRS is suspended'],
  [531, 'ME storage full'],
];

/** Texts compare lowercased, with runs of whitespace collapsed and spaces around `-` ignored. */
function textKey(text: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t') {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace && ch !== '-' && !out.endsWith('-')) out += ' ';
    pendingSpace = false;
    out += ch;
  }
  return out.toLowerCase();
}

function buildMaps(rows: ReadonlyArray<readonly [number, string]>): [Map<number, string>, Map<string, number>] {
  const byCode = new Map<number, string>();
  const byText = new Map<string, number>();
  for (const [code, text] of rows) {
    byCode.set(code, text);
    // First (lowest) code wins: "Operation not allowed" is 3, not the TCP/IP 572.
    const key = textKey(text);
    if (!byText.has(key)) byText.set(key, code);
  }
  return [byCode, byText];
}

const [CME_TEXT, CME_CODE] = buildMaps(CME);
const [CMS_TEXT, CMS_CODE] = buildMaps(CMS);

// Spellings seen from other firmware or the 27.005 wording, mapped to the same codes.
CME_CODE.set(textKey('Invalid characters in text'), 25);
CME_CODE.set(textKey('Network not allowed, emergency calls only'), 32);
CMS_CODE.set(textKey('(U)SIM not inserted'), 310);
CMS_CODE.set(textKey('(U)SIM PIN required'), 311);
CMS_CODE.set(textKey('SMS service of ME reserved'), 301);
CMS_CODE.set(textKey('Invalid PDU mode parameter'), 304);
CMS_CODE.set(textKey('Invalid text mode parameter'), 305);
CMS_CODE.set(textKey('Unknown error'), 500);

/** The +CME ERROR text for a code, or null when the code is not in the table. */
export function cmeText(code: number): string | null {
  return CME_TEXT.get(code) ?? null;
}

/** The +CME ERROR code for a text (case- and whitespace-insensitive), or null. */
export function cmeCode(text: string): number | null {
  return CME_CODE.get(textKey(text)) ?? null;
}

/** The +CMS ERROR text for a code, or null when the code is not in the table. */
export function cmsText(code: number): string | null {
  return CMS_TEXT.get(code) ?? null;
}

/** The +CMS ERROR code for a text (case- and whitespace-insensitive), or null. */
export function cmsCode(text: string): number | null {
  return CMS_CODE.get(textKey(text)) ?? null;
}
