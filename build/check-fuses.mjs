#!/usr/bin/env node
// Reads the fuses of a packaged Electron binary and checks them against
// electron-builder.yml's `electronFuses` (what a release must ship with).
//   node build/check-fuses.mjs dist/linux-unpacked/modem-bench
//   node build/check-fuses.mjs "dist/win-unpacked/Modem Bench.exe"
// Exit 0 when every configured fuse is set as configured, 1 otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
const yaml = require(require.resolve('js-yaml', { paths: [require.resolve('app-builder-lib')] }));

/** electron-builder.yml's option names, as @electron/fuses numbers them. */
const NAMES = {
  runAsNode: 'RunAsNode',
  enableCookieEncryption: 'EnableCookieEncryption',
  enableNodeOptionsEnvironmentVariable: 'EnableNodeOptionsEnvironmentVariable',
  enableNodeCliInspectArguments: 'EnableNodeCliInspectArguments',
  enableEmbeddedAsarIntegrityValidation: 'EnableEmbeddedAsarIntegrityValidation',
  onlyLoadAppFromAsar: 'OnlyLoadAppFromAsar',
  loadBrowserProcessSpecificV8Snapshot: 'LoadBrowserProcessSpecificV8Snapshot',
  grantFileProtocolExtraPrivileges: 'GrantFileProtocolExtraPrivileges',
};

export async function checkFuses(binary) {
  const wanted = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')).electronFuses ?? {};
  const wire = await getCurrentFuseWire(binary);
  const problems = [];
  for (const [key, value] of Object.entries(wanted)) {
    const name = NAMES[key];
    if (!name) continue;
    const state = wire[FuseV1Options[name]];
    const expected = value ? 49 : 48; // '1' enabled, '0' disabled
    if (state !== expected) problems.push(`${name}: ${state === undefined ? 'missing' : String.fromCharCode(state)} (wanted ${value ? 'on' : 'off'})`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: node build/check-fuses.mjs PATH_TO_PACKAGED_ELECTRON_BINARY');
    process.exit(2);
  }
  const problems = await checkFuses(binary);
  for (const p of problems) console.error(`fuse ${p}`);
  console.log(problems.length ? `${binary}: ${problems.length} fuse(s) not as configured` : `${binary}: fuses as configured`);
  process.exit(problems.length ? 1 : 0);
}
