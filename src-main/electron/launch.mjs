#!/usr/bin/env node
// `npm start`. Electron's own install script is skipped at `npm install`
// (package.json allowScripts) so that installing works where Electron's
// download host cannot be reached; the runtime is fetched here, on first start.
// Where it cannot be fetched, we say so, and at a terminal offer to start the
// headless server and open the default browser on it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));
const hasRuntime = () => existsSync(join(electronDir, 'path.txt'));

if (!hasRuntime()) {
  console.log('Modem Bench: fetching the Electron runtime (first start only)…');
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'inherit' });
}
if (!hasRuntime()) {
  console.error(
    [
      '',
      'Modem Bench: the Electron runtime is not available on this machine (its download failed).',
      'Everything else works without it. Use the headless tools instead:',
      '  npx modem-bench serve --sim 16     the same UI in your browser, on 16 simulated modems',
      '  npx modem-bench list --sim 4       the command line',
      'To retry the desktop app later: npm start (it tries the download again).',
    ].join('\n'),
  );
  // Only a person at a terminal is asked; CI and pipes get the hint and the exit code, never a prompt that waits.
  if (process.stdin.isTTY && process.stdout.isTTY && !process.env.CI && (await askYes('\nStart the server on 16 simulated modems and open it in your browser? [Y/n] '))) {
    process.exit(await serveAndOpen());
  }
  process.exit(1);
}

async function askYes(question) {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const a = (await rl.question(question)).trim().toLowerCase();
    return a === '' || a === 'y' || a === 'yes';
  } finally {
    rl.close();
  }
}

/** The headless server, its output passed through; the browser opens at the URL it prints. Resolves with its exit code. */
function serveAndOpen() {
  const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'headless', 'bin.mjs');
  const child = spawn(process.execPath, [cli, 'serve', '--sim', '16'], { stdio: ['inherit', 'pipe', 'inherit'] });
  let opened = false;
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const url = !opened && /Modem Bench serving (\S+)/.exec(String(chunk))?.[1];
    if (url) {
      opened = true;
      openBrowser(url);
    }
  });
  // Ctrl+C reaches the server too (same process group); we wait for it to close its ports.
  process.on('SIGINT', () => undefined);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}

function openBrowser(url) {
  const [cmd, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const p = spawn(cmd, args, { stdio: 'ignore', detached: true });
  p.on('error', () => console.log(`Open ${url} in your browser.`));
  p.unref();
}
const bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [existsSync(bin) ? bin : require.resolve('electron-vite/dist/cli.js'), 'preview'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
