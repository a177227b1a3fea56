/**
 * The built CLI (out/main/cli.js, an entry of the main build): the packaged
 * app runs it in Electron's Node for `modem-bench-cli` (src-main/electron/cli-run.ts),
 * and the tests run the same file with plain Node. From a checkout,
 * bin.mjs runs the sources through tsx instead.
 */
export { main } from './cli';
