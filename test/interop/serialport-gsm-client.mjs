// Drives the npm package serialport-gsm against one simulated modem, in its own process (the
// interop test starts it and reads one JSON object per step from stdout). Steps: open, init,
// signal, send, then `ready-for-sms`; the test makes an SMS arrive and the client must report
// it through its +CMTI handling (newMessage), then list the inbox.
import serialportgsm from 'serialport-gsm';

const [path, number] = process.argv.slice(2);
const modem = serialportgsm.Modem();
const say = (step, data) => process.stdout.write(`${JSON.stringify({ step, data })}\n`);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const newMessage = new Promise((resolve) => modem.on('onNewMessage', resolve));

try {
  await modem.open(path, {
    baudRate: 115200,
    dataBits: 8,
    stopBits: 1,
    parity: 'none',
    rtscts: false,
    xon: false,
    xoff: false,
    xany: false,
    autoDeleteOnReceive: false,
    enableConcatenation: true,
    incomingCallIndication: false,
    incomingSMSIndication: true,
    logger: quiet,
  });
  say('open', true);
  say('init', await modem.initializeModem());
  say('mode', await modem.setModemMode('PDU'));
  say('signal', await modem.getNetworkSignal());
  say('serial', await modem.getModemSerial());
  say('send', await modem.sendSMS(number, 'Hello from serialport-gsm', false));
  say('ready-for-sms', true);
  say('newMessage', await newMessage);
  say('inbox', await modem.getSimInbox());
  await modem.close();
  say('closed', true);
  process.exit(0);
} catch (e) {
  say('error', String(e?.stack ?? e));
  process.exit(1);
}
