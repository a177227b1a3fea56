/**
 * The API's gate for dangerous command lines (issue 13): `modem.exec` and `broadcast.exec`
 * refuse a line the shared classifier calls dangerous unless the call says `confirm: true`.
 * The console and Broadcast ask the engineer first and then send the confirmation; scripts
 * must say it explicitly. The refusal lists each dangerous command with its reason, so a
 * client can show them in its dialog.
 */
import { classifyCommandLine, fail, type Result } from '../../../src-preload/contract';

/** Null when the line may be sent; otherwise the `confirmation-required` failure to answer. */
export function confirmationGate(command: string, confirm: boolean | undefined, modems = 1): Result<never> | null {
  if (confirm === true) return null;
  const c = classifyCommandLine(command);
  if (!c.dangerous) return null;
  const list = c.commands.map((d) => `${d.text} (${d.reason})`).join('; ');
  const target = modems === 1 ? 'the modem' : `${modems} modems`;
  return fail('confirmation-required', `${command} would affect ${target}: ${list}. Resend with confirm: true once the engineer agreed.`, {
    command,
    modems,
    commands: c.commands,
  });
}
