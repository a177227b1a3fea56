import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The lint rules that keep the rooms apart (DESIGN.md), checked on snippets placed in each room. */
const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('rooms', () => {
  it('the core never imports electron, the adapters or the renderer', async () => {
    expect(await restricted('src-main/core/x/a.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restricted('src-main/core/x/a.ts', "import { main } from '../../headless/cli';\nexport const a = main;\n")).toHaveLength(1);
    expect(await restricted('src-main/core/x/a.ts', "import x from '../../../src-renderer/main';\nexport const a = x;\n")).toHaveLength(1);
    expect(await restricted('src-main/core/x/a.ts', "import { ok } from '../../../src-preload/contract';\nexport const a = ok;\n")).toHaveLength(0);
  });

  it('serialport is imported only by the real binding', async () => {
    const code = "import { SerialPort } from 'serialport';\nexport const s = SerialPort;\n";
    expect(await restricted('src-main/core/serial/real-binding.ts', code)).toHaveLength(0);
    expect(await restricted('src-main/core/serial/pool.ts', code)).toHaveLength(1);
    expect(await restricted('src-main/headless/cli.ts', code)).toHaveLength(1);
  });

  it('the renderer imports only the contract and its own files', async () => {
    expect(await restricted('src-renderer/a.ts', "import { ok } from '../src-preload/contract';\nexport const a = ok;\n")).toHaveLength(0);
    expect(await restricted('src-renderer/a.ts', "import { ModemSet } from '../src-main/core/modem';\nexport const a = ModemSet;\n")).toHaveLength(1);
    expect(await restricted('src-renderer/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await restricted('src-renderer/a.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
  });

  it('the contract stays isomorphic', async () => {
    expect(await restricted('src-preload/contract/a.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await restricted('src-preload/contract/a.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });
});
