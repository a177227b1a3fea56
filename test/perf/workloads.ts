/** The mixed workload: a modem's usual health poll and identity commands (replies of 10 to 140 bytes, one to three lines). */
export const MIXED_COMMANDS: readonly string[] = ['AT+CSQ', 'AT+CEREG?', 'AT+QENG="servingcell"', 'AT+QTEMP', 'AT+COPS?', 'ATI', 'AT+QNWINFO', 'AT+CGDCONT?'];
