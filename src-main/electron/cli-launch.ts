/**
 * `modem-bench-cli ...` from the installed package (issue 17): the packaged
 * Electron binary runs the headless CLI in its own Node (the one its native
 * modules, better-sqlite3 above all, were rebuilt for), with no window and no
 * display. build/linux/modem-bench-cli starts it as
 *
 *   modem-bench --modem-bench-cli --ozone-platform=headless --disable-gpu --no-sandbox -- ARGS...
 *
 * Chromium reads its own switches before `--`; the CLI gets what follows.
 * Nothing here imports Electron, so the rule is tested with plain Node.
 */
export const CLI_SWITCH = '--modem-bench-cli';

/**
 * The CLI's arguments when this launch is a CLI one (the switch before any `--`), else null:
 * a desktop launch with a file named like the switch after `--` stays a desktop launch.
 */
export function cliArgsOf(argv: readonly string[]): string[] | null {
  const end = argv.indexOf('--');
  const at = argv.indexOf(CLI_SWITCH);
  if (at < 0 || (end >= 0 && at > end)) return null;
  return end < 0 ? [] : argv.slice(end + 1);
}
