#!/usr/bin/env node
// `npm start`. Electron's own install script is skipped at `npm install`
// (package.json allowScripts) so that installing works where Electron's
// download host cannot be reached; the runtime is fetched here, on first start.
// Where it cannot be fetched, we say so and point to the headless server.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

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
  process.exit(1);
}
const bin = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const child = spawn(process.execPath, [existsSync(bin) ? bin : require.resolve('electron-vite/dist/cli.js'), 'preview'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
