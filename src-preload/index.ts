/**
 * The preload: a small generic bridge over an allowlist (VS Code's sandbox
 * preload, electron-trpc). It exposes invoke/on/ready, strips the
 * IpcRendererEvent, and every `on` returns its own unsubscribe. Bundled as
 * one CommonJS file, as sandboxed preloads require.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { INVOKE_CHANNELS, PUSH_CHANNELS, READY_CHANNEL } from './contract/channels';
import { BRIDGE_GLOBAL } from './contract/wire';

const invokeAllowed = new Set<string>(INVOKE_CHANNELS);
const pushAllowed = new Set<string>(PUSH_CHANNELS);

const bridge = {
  invoke(channel: string, input: unknown): Promise<unknown> {
    if (!invokeAllowed.has(channel)) return Promise.reject(new Error(`channel not allowed: ${String(channel)}`));
    return ipcRenderer.invoke(channel, input);
  },
  on(channel: string, listener: (payload: unknown) => void): () => void {
    if (!pushAllowed.has(channel) || typeof listener !== 'function') throw new Error(`channel not allowed: ${String(channel)}`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  ready(): void {
    ipcRenderer.send(READY_CHANNEL);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
