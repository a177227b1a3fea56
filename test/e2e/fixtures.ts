/**
 * Shared fixtures: every test fails on a browser console error or an uncaught
 * page error; `api` speaks the contract over its own WebSocket (wire.ts
 * framing) for what the UI does not offer, such as the simulator's unplug.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { ClientMessage, Result, ServerMessage } from '../../src-preload/contract';

const SHOTS = fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

export interface ContractSocket {
  invoke<T = unknown>(channel: string, input: unknown): Promise<Result<T>>;
  close(): void;
}

export function openContractSocket(baseURL: string): Promise<ContractSocket> {
  const url = baseURL.replace(/^http/, 'ws').replace(/\/$/, '') + '/api';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    let nextId = 1;
    const pending = new Map<number, (r: Result<unknown>) => void>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.t === 'result') {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      }
    });
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        invoke<T>(channel: string, input: unknown) {
          const id = nextId++;
          const m: ClientMessage = { t: 'invoke', id, channel, input };
          return new Promise<Result<T>>((res) => {
            pending.set(id, res as (r: Result<unknown>) => void);
            ws.send(JSON.stringify(m));
          });
        },
        close: () => ws.close(),
      }),
    );
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

export const test = base.extend<{ consoleErrors: string[]; api: ContractSocket }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
  api: async ({ baseURL }, use) => {
    const s = await openContractSocket(baseURL!);
    await use(s);
    s.close();
  },
});

export { expect };

/** Opens the app and waits for the bench to list its modems. */
export async function openBench(page: Page, count = 16): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('bench-row')).toHaveCount(count);
}
