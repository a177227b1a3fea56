/**
 * The Electron adapter: app lifecycle, the window, and ipcMain wiring over
 * the same dispatcher the headless server uses. Thin on purpose: everything
 * it calls is tested through the headless transport.
 */
import { BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent, app, ipcMain, protocol, session, shell, type WebContents } from 'electron';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INVOKE_CHANNELS, READY_CHANNEL, fail } from '../../src-preload/contract';
import { createLogger } from '../core/log';
import { realBinding } from '../core/serial/real-binding';
import { type AppEvent, AppService, ClientSubscription, CSP, createDispatcher } from '../core/service';
import { examplesDir } from '../headless/app-paths';
import { cliArgsOf } from './cli-launch';
import { runCliInElectron } from './cli-run';
import { APP_INDEX_URL, APP_SCHEME, batchFileArg, contentType, devOrigin, isOurUrl as isOurUrlFor, permissionAllowed, resolveAppFile } from './app-protocol';
import { openBatchFile } from './open-file';

// A packaged app never loads a page from an address the environment names.
const dev = devOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const devUrl = dev ? process.env.ELECTRON_RENDERER_URL! : null;
const rendererDir = join(__dirname, '../renderer');

/** Only our own pages may call the bridge or be navigated to. */
function isOurUrl(url: string): boolean {
  return isOurUrlFor(url, dev);
}

function isOurSender(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  const frame = e.senderFrame;
  return frame !== null && BrowserWindow.fromWebContents(e.sender) !== null && isOurUrl(frame.url);
}

// `modem-bench-cli ...` (the installed package's command line): the headless CLI, no desktop app.
const cliArgs = cliArgsOf(process.argv);

// Before 'ready': app:// is a standard, secure origin of its own (not file://).
if (cliArgs === null) protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// One instance owns the ports and runs.db; a second launch hands its file to the first and quits.
// A CLI launch takes no lock: it opens only what its arguments name, as the checkout's CLI does.
const firstInstance = cliArgs === null && app.requestSingleInstanceLock({ file: batchFileArg(process.argv) });
if (cliArgs === null && !firstInstance) app.quit();

async function serveAppProtocol(): Promise<void> {
  const isFile = (f: string): boolean => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  };
  protocol.handle(APP_SCHEME, async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return new Response(null, { status: 405 });
    const r = resolveAppFile(rendererDir, req.url, isFile);
    if (!r.ok) return new Response(null, { status: r.status });
    if (!existsSync(r.file)) return new Response('The UI is not built. Run: npm run build', { status: 503 });
    return new Response(await readFile(r.file), {
      headers: { 'Content-Type': contentType(r.file), 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

async function main(): Promise<void> {
  if (!firstInstance) return;
  await app.whenReady();
  await serveAppProtocol();
  const logDir = app.getPath('logs');
  const log = createLogger(logDir);
  const bench = new AppService({
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    logDir,
    logFile: log.file,
    logger: log.logger,
    realBinding: realBinding(),
    runsDb: join(app.getPath('userData'), 'runs.db'),
    // The external power-cycle command is set outside the UI: whoever can change it can run commands.
    powerCycleCommand: process.env.MODEM_BENCH_POWER_CYCLE ?? null,
    // Packaged: electron-builder copies examples/ into resources; from source: the repository's folder (the CLI's rule).
    examplesDir: examplesDir(),
    reveal: async (p) => {
      shell.showItemInFolder(p);
      return true;
    },
  });
  const dispatcher = createDispatcher(bench, log.logger);

  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // The UI needs no browser permission but the clipboard write of its copy buttons: every other check and request is denied.
  session.defaultSession.setPermissionRequestHandler((_wc, perm, cb, details) => cb(permissionAllowed(perm, details.requestingUrl, dev)));
  session.defaultSession.setPermissionCheckHandler((_wc, perm, origin) => permissionAllowed(perm, origin, dev));
  session.defaultSession.setDevicePermissionHandler(() => false);
  // The UI saves files (batch files, transcripts, exports, chart PNGs) as downloads: in the app each
  // one asks where to save with the native dialog, named as the page named it. Opening files goes
  // through <input type=file>, which Electron shows as the native open dialog.
  session.defaultSession.on('will-download', (_e, item) => {
    item.setSaveDialogOptions({ title: 'Save', defaultPath: item.getFilename() });
  });

  // What each window asked to be sent (console lines of the consoles it shows).
  const clients = new WeakMap<WebContents, ClientSubscription>();
  const clientOf = (wc: WebContents): ClientSubscription => {
    let c = clients.get(wc);
    if (!c) clients.set(wc, (c = new ClientSubscription()));
    return c;
  };
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (e, input: unknown) => {
      if (!isOurSender(e)) return fail('unauthorized', 'IPC from a page that is not ours');
      return dispatcher.invoke(channel, input, clientOf(e.sender));
    });
  }

  // Events wait until the renderer has subscribed, and never go to a destroyed window.
  const ready = new WeakSet<WebContents>();
  const backlog = new WeakMap<WebContents, AppEvent[]>();
  ipcMain.on(READY_CHANNEL, (e) => {
    if (!isOurSender(e)) return;
    ready.add(e.sender);
    for (const ev of backlog.get(e.sender)?.splice(0) ?? []) e.sender.send(ev.channel, ev.payload);
  });
  // A batch file given to this launch, or handed over by a second one, goes to the window.
  const openFile = async (path: string | null): Promise<void> => {
    if (!path) return;
    const opened = await openBatchFile(path);
    if (!opened.ok) {
      log.logger.warn({ file: path, reason: opened.reason }, 'a batch file handed to the app was not opened');
      return;
    }
    bench.events.emit({ channel: 'app.openFile', payload: opened.file });
  };
  app.on('second-instance', (_e, _argv, _cwd, data) => {
    const w = BrowserWindow.getAllWindows()[0];
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
    const file = (data as { file?: unknown } | null)?.file;
    void openFile(typeof file === 'string' ? file : null);
  });
  bench.events.on((ev) => {
    for (const w of BrowserWindow.getAllWindows()) {
      const wc = w.webContents;
      if (wc.isDestroyed() || !clientOf(wc).wants(ev)) continue;
      if (ready.has(wc)) wc.send(ev.channel, ev.payload);
      else {
        const q = backlog.get(wc) ?? [];
        q.push(ev);
        if (q.length > 1000) q.shift();
        backlog.set(wc, q);
      }
    }
  });

  await bench.start();
  // Real modems first; with none attached the simulated bench is the embedded default.
  const { found } = await bench.startDiscovery().catch((err: unknown) => {
    log.logger.error({ err }, 'discovery failed');
    return { found: 0 };
  });
  if (found === 0) await bench.startSimulated(8).catch((err: unknown) => log.logger.error({ err }, 'simulated bench failed'));
  createWindow();
  // Queued for the window until it is ready (the backlog above).
  void openFile(batchFileArg(process.argv));

  let quitting = false;
  const shutdown = async (): Promise<void> => {
    if (quitting) return;
    quitting = true;
    await bench.stop();
    log.close();
    app.quit();
  };
  app.on('window-all-closed', () => void shutdown());
  app.on('before-quit', (e) => {
    if (!quitting) {
      e.preventDefault();
      void shutdown();
    }
  });
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1400,
    height: 860,
    minWidth: 1000,
    minHeight: 600,
    show: false,
    title: 'Modem Bench',
    backgroundColor: '#1b1d21',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? APP_INDEX_URL);
}

// Our pages only: a navigation, a redirect or a frame's navigation anywhere else is stopped.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isOurUrl(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isOurUrl(url)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (!isOurUrl(e.url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

if (cliArgs !== null) void runCliInElectron(cliArgs);
else void main();
