/**
 * Packaging check without the network: electron-builder's real packaging step
 * (target `dir`, Linux x64) over a stand-in Electron distribution, then a look
 * inside the produced app.asar. No installer is built (AppImage, deb and NSIS
 * need tools electron-builder downloads), but everything they pack is here.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);

interface Asar {
  listPackage(archive: string, options?: { isPack: boolean }): string[];
  extractAll(archive: string, dest: string): void;
  extractFile(archive: string, file: string): Buffer;
}
interface BuilderApi {
  build(options: Record<string, unknown>): Promise<string[]>;
  Platform: { LINUX: { createTarget(type: string, ...archs: number[]): unknown } };
  Arch: { x64: number };
}
interface YamlApi {
  load(text: string): unknown;
}

const asar = require('@electron/asar') as Asar;
/** @electron/fuses' marker in an Electron binary, followed by the wire version, its length and one byte per fuse. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const yaml = require(require.resolve('js-yaml', { paths: [require.resolve('app-builder-lib')] })) as YamlApi;
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown> & unknown>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('electron-builder.yml', () => {
  it('says what the issue asks: ids, targets, asarUnpack of the native modules, rebuild for Electron (better-sqlite3), examples, out/ as main', () => {
    expect(config).toMatchObject({
      appId: 'com.modembench.app',
      productName: 'Modem Bench',
      directories: { output: 'dist', buildResources: 'build' },
      extraMetadata: { main: 'out/main/index.js' },
      // better-sqlite3 is not N-API: a real build rebuilds it for Electron's ABI (the offline check below does not).
      npmRebuild: true,
      extraResources: [{ from: 'examples', to: 'examples' }],
    });
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/@serialport/bindings-cpp/**', '**/node_modules/@lydell/node-pty/**']));
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis', 'portable']);
    expect((config.linux as { extraFiles: unknown[] }).extraFiles).toEqual([
      { from: 'build/99-modem-bench.rules', to: 'udev/99-modem-bench.rules' },
      { from: 'build/modem-bench.service', to: 'systemd/modem-bench.service' },
      { from: 'build/linux/modem-bench-cli', to: 'modem-bench-cli' },
    ]);
    for (const file of [(config.deb as { afterInstall: string }).afterInstall, (config.deb as { afterRemove: string }).afterRemove, 'build/icon.png', 'build/icon.ico']) {
      expect(existsSync(join(root, file)), file).toBe(true);
    }
    expect(pkg.devDependencies['electron-builder']).toMatch(/^26\./);
  });

  it('the deb scripts keep electron-builder defaults and install/remove the udev rule', () => {
    const post = readFileSync(join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(post).toContain("update-alternatives --install '/usr/bin/${executable}'");
    expect(post).toContain('chrome-sandbox');
    expect(post).toContain("RULE_SOURCE='/opt/${sanitizedProductName}/udev/99-modem-bench.rules'");
    expect(post).toContain('udevadm control --reload-rules');
    // electron-builder substitutes every ${name}: only the two it knows may appear.
    const macros = new Set([...post.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]));
    expect([...macros].sort()).toEqual(['executable', 'sanitizedProductName']);
    const postrm = readFileSync(join(root, 'build/linux/after-remove.sh'), 'utf8');
    expect(postrm).toContain("rm -f \"$RULE_TARGET\"");
    for (const script of [post, postrm]) execFileSync('bash', ['-n'], { input: script });
  });
});

describe('build/99-modem-bench.rules', () => {
  const text = readFileSync(join(root, 'build/99-modem-bench.rules'), 'utf8');
  const rules = text.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const KEY = /^(ACTION|SUBSYSTEM|KERNEL|DRIVERS?|ATTRS?\{[\w]+\}|ENV\{[\w]+\}|MODE|GROUP|OWNER|TAG|LABEL|GOTO|RUN\{?\w*\}?)$/;

  it('every line parses as udev key-operator-value items', () => {
    for (const line of rules) {
      for (const item of line.split(/,\s*/)) {
        const m = /^([A-Z]+(?:\{\w+\})?)(==|!=|\+=|-=|:=|=)"([^"]*)"$/.exec(item.trim());
        expect(m, `bad item ${JSON.stringify(item)} in ${line}`).not.toBeNull();
        expect(m![1]).toMatch(KEY);
      }
    }
  });

  it('gives dialout access to Quectel ttys and tells ModemManager to ignore the modems', () => {
    const tty = rules.find((l) => l.startsWith('SUBSYSTEM=="tty"'))!;
    expect(tty).toContain('ATTRS{idVendor}=="2c7c"');
    expect(tty).toContain('MODE="0660"');
    expect(tty).toContain('GROUP="dialout"');
    expect(tty).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    const usb = rules.find((l) => l.startsWith('SUBSYSTEM=="usb"'))!;
    expect(usb).toContain('ATTR{idVendor}=="2c7c"');
    expect(usb).toContain('ENV{ID_MM_DEVICE_IGNORE}="1"');
    // The GOTO has its LABEL.
    expect(rules).toContain('LABEL="modem_bench_end"');
  });
});

describe('icons', () => {
  it('icon.png is a 512x512 RGBA PNG and icon.ico holds a 256x256 PNG', () => {
    const png = readFileSync(join(root, 'build/icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[25]]).toEqual([512, 512, 6]);
    const ico = readFileSync(join(root, 'build/icon.ico'));
    expect([ico.readUInt16LE(2), ico.readUInt16LE(4), ico[6], ico[7]]).toEqual([1, 1, 0, 0]);
    const inner = ico.subarray(ico.readUInt32LE(18));
    expect(inner.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(inner.readUInt32BE(16)).toBe(256);
  });
});

describe('packaged app (electron-builder --dir, stand-in Electron)', () => {
  let work = '';
  let appOut = '';
  let archive = '';
  let files: string[] = [];

  beforeAll(async () => {
    if (!['out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'].every((f) => existsSync(join(root, f)))) {
      execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', timeout: 240_000 });
    }
    work = mkdtempSync(join(tmpdir(), 'mb-pack-'));
    // What electron-builder copies for an "unpacked Electron distribution" on Linux:
    // the `electron` executable (renamed to executableName) and resources/.
    const dist = join(work, 'electron-dist');
    mkdirSync(join(dist, 'resources'), { recursive: true });
    // With the fuse wire a real Electron binary carries (sentinel, version 1, 8 fuses, Electron's
    // defaults), so electron-builder's `electronFuses` step flips real bytes here too.
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho "stand-in electron"\nexit 0\n# ${FUSE_SENTINEL}\x01\x0810110001\n`, { mode: 0o755 });
    writeFileSync(join(dist, 'LICENSE'), 'stand-in\n');
    const { build, Platform, Arch } = require('electron-builder') as BuilderApi;
    const electronVersion = (require('electron/package.json') as { version: string }).version;
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      // No npmRebuild here: it rebuilds better-sqlite3 for Electron inside this checkout's node_modules,
      // which takes minutes and pulls the module out from under every other test file running meanwhile.
      // electron-builder.yml keeps npmRebuild for real packaging (checked above).
      config: { electronDist: dist, electronVersion, npmRebuild: false, directories: { output: join(work, 'dist') } },
    });
    appOut = join(work, 'dist', 'linux-unpacked');
    archive = join(appOut, 'resources', 'app.asar');
    files = asar.listPackage(archive, { isPack: false });
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('app.asar holds the built main, preload, renderer and package.json pointing at out/main', () => {
    for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files, f).toContain(f);
    expect(files.some((f) => f.startsWith('/out/renderer/assets/') && f.endsWith('.js'))).toBe(true);
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; name: string };
    expect(packed).toMatchObject({ main: 'out/main/index.js', name: 'modem-bench' });
    // Sources and tests stay out.
    expect(files.some((f) => f.startsWith('/src-main/') || f.startsWith('/test/'))).toBe(false);
  });

  it('holds the production dependencies and none of the dev ones', () => {
    const modules = new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3).join('/')));
    for (const dep of Object.keys(pkg.dependencies)) expect(modules, dep).toContain(dep);
    for (const dev of ['electron', 'electron-builder', 'vitest', 'typescript', 'electron-vite', '@playwright/test']) expect(modules, dev).not.toContain(dev);
  });

  it("unpacks serialport's and node-pty's native modules next to the asar", () => {
    const unpacked = join(appOut, 'resources', 'app.asar.unpacked');
    const natives = walk(unpacked)
      .filter((f) => f.endsWith('.node'))
      .map((f) => relative(unpacked, f));
    expect(natives).toContain('node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node');
    expect(natives).toContain('node_modules/@serialport/bindings-cpp/prebuilds/win32-x64/@serialport+bindings-cpp.node');
    expect(natives.some((f) => f.startsWith('node_modules/@lydell/node-pty'))).toBe(true);
    // The asar lists them as unpacked, so require() finds them through Electron's asar shim.
    expect(files).toContain('/node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/@serialport+bindings-cpp.glibc.node');
    expect(statSync(join(unpacked, 'node_modules/@serialport/bindings-cpp/package.json')).isFile()).toBe(true);
  });

  it("flips the fuses electron-builder.yml asks for in the packaged binary (build/check-fuses.mjs reads them back)", async () => {
    const { checkFuses } = (await import(join(root, 'build/check-fuses.mjs'))) as { checkFuses(binary: string): Promise<string[]> };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The stand-in as it came (Electron's defaults) fails the check; the packaged copy passes it.
    expect((await checkFuses(join(work, 'electron-dist', 'electron'))).length).toBeGreaterThan(0);
    expect(await checkFuses(join(appOut, 'modem-bench'))).toEqual([]);
  });

  it('ships modem-bench-cli beside the binary; through it the packaged CLI lists modems and serves the packaged UI', async () => {
    const launcher = join(appOut, 'modem-bench-cli');
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
    expect(readFileSync(launcher, 'utf8')).toBe(readFileSync(join(root, 'build/linux/modem-bench-cli'), 'utf8'));
    // The app as Electron would see it: the asar's files with the unpacked native modules in place.
    const app = join(work, 'app');
    asar.extractAll(archive, app);
    cpSync(join(appOut, 'resources', 'app.asar.unpacked'), app, { recursive: true });
    // Electron cannot run here: a stand-in binary does what the packaged one does for a CLI launch
    // (src-main/electron/cli-launch.ts and cli-run.ts): the CLI's arguments from its argv, then the
    // packaged out/main/cli.js with them. It prints the switches it was given before `--`.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    cpSync(launcher, join(bin, 'modem-bench-cli'));
    const runner = join(work, 'electron-stand-in.mjs');
    writeFileSync(
      runner,
      [
        `import { cliArgsOf } from ${JSON.stringify(pathToFileURL(join(root, 'src-main/electron/cli-launch.ts')).href)};`,
        'const argv = process.argv.slice(1);',
        "process.stderr.write(`switches: ${argv.slice(1, argv.indexOf('--')).join(' ')}\\n`);",
        'const args = cliArgsOf(argv);',
        "if (args === null) { process.stderr.write('not a CLI launch\\n'); process.exit(9); }",
        `const { main } = await import(${JSON.stringify(pathToFileURL(join(app, 'out/main/cli.js')).href)});`,
        'process.exitCode = await main(args);',
      ].join('\n'),
    );
    writeFileSync(join(bin, 'modem-bench'), `#!/bin/sh\nexec "${process.execPath}" --import ${pathToFileURL(require.resolve('tsx/esm')).href} "${runner}" "$@"\n`, { mode: 0o755 });

    const listed = spawnSync(join(bin, 'modem-bench-cli'), ['list', '--sim', '2', '--json'], { encoding: 'utf8', timeout: 60_000, cwd: work });
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stderr).toContain('switches: --modem-bench-cli --ozone-platform=headless --disable-gpu --no-sandbox');
    expect(listed.stdout).toMatch(/sim0/);
    expect(listed.stdout).toMatch(/sim1/);

    const data = join(work, 'data');
    const served = spawn(join(bin, 'modem-bench-cli'), ['serve', '--sim', '2', '--port', '0', '--data-dir', data, '--log-dir', data], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      served.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      served.stderr!.on('data', (b: Buffer) => (out += b.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
        served.stdout!.on('data', () => {
          const m = /serving (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      // The UI the package carries (out/renderer in the asar), not a checkout's.
      expect(await page.text()).toContain(readFileSync(join(app, 'out/renderer/index.html'), 'utf8').match(/assets\/index-[\w-]+\.js/)![0]);
      const exited = new Promise<number | null>((r) => served.once('exit', (c) => r(c)));
      served.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (served.exitCode === null) served.kill('SIGKILL');
    }
  }, 120_000);

  it('renames the executable and ships the udev rule beside it', () => {
    expect(statSync(join(appOut, 'modem-bench')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(appOut, 'electron'))).toBe(false);
    expect(readFileSync(join(appOut, 'udev', '99-modem-bench.rules'), 'utf8')).toBe(readFileSync(join(root, 'build/99-modem-bench.rules'), 'utf8'));
  });
});
