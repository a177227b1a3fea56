/**
 * The Electron adapter: app lifecycle, the window, and ipcMain wiring over
 * the same dispatcher the headless server uses. Thin on purpose: everything
 * it calls is tested through the headless transport.
 */
import { BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent, app, ipcMain, session, shell, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INVOKE_CHANNELS, READY_CHANNEL, fail } from '../../src-preload/contract';
import { createLogger } from '../core/log';
import { realBinding } from '../core/serial/real-binding';
import { type AppEvent, BenchApp, ClientSubscription, CSP, createDispatcher } from '../core/service';

const devUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = join(__dirname, '../renderer/index.html');
const rendererBase = pathToFileURL(join(__dirname, '../renderer/')).href;

/** Only our own pages may call the bridge or be navigated to. */
function isOurUrl(url: string): boolean {
  if (devUrl && url.startsWith(devUrl)) return true;
  return url.startsWith(rendererBase);
}

function isOurSender(e: IpcMainInvokeEvent | IpcMainEvent): boolean {
  const frame = e.senderFrame;
  return frame !== null && BrowserWindow.fromWebContents(e.sender) !== null && isOurUrl(frame.url);
}

async function main(): Promise<void> {
  await app.whenReady();
  const logDir = app.getPath('logs');
  const log = createLogger(logDir);
  const bench = new BenchApp({
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    logDir,
    logFile: log.file,
    logger: log.logger,
    realBinding: realBinding(),
    runsDb: join(app.getPath('userData'), 'runs.db'),
    // The external power-cycle command is set outside the UI: whoever can change it can run commands.
    powerCycleCommand: process.env.MODEM_BENCH_POWER_CYCLE ?? null,
    // Packaged: electron-builder copies examples/ into resources; from source: the repository's folder.
    examplesDir: app.isPackaged ? join(process.resourcesPath, 'examples') : join(__dirname, '../../examples'),
    reveal: async (p) => {
      shell.showItemInFolder(p);
      return true;
    },
  });
  const dispatcher = createDispatcher(bench, log.logger);

  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));

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
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(rendererIndex);
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (e, url) => {
    if (!isOurUrl(url)) e.preventDefault();
  });
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

void main();
