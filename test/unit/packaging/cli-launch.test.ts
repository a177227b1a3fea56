/** The installed app's command line: which launches are CLI ones, and where a built CLI finds its app's files. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_SWITCH, cliArgsOf } from '../../../src-main/electron/cli-launch';
import { examplesDir, PROJECT_ROOT, projectRoot } from '../../../src-main/headless/app-paths';

describe('cliArgsOf', () => {
  it('is the arguments after `--` of a launch with the CLI switch before it', () => {
    expect(cliArgsOf(['/opt/Modem Bench/modem-bench', CLI_SWITCH, '--ozone-platform=headless', '--no-sandbox', '--', 'serve', '--port', '7800'])).toEqual(['serve', '--port', '7800']);
    // The CLI's own `--` (a command that starts with a dash) reaches it.
    expect(cliArgsOf(['mb', CLI_SWITCH, '--', 'at', '--sim', '1', '--', '-X'])).toEqual(['at', '--sim', '1', '--', '-X']);
    expect(cliArgsOf(['mb', CLI_SWITCH])).toEqual([]);
  });
  it('is null for a desktop launch, also one that opens a file named like the switch', () => {
    expect(cliArgsOf(['mb'])).toBeNull();
    expect(cliArgsOf(['mb', '/home/lab/run.mbatch.yaml'])).toBeNull();
    expect(cliArgsOf(['mb', '--', CLI_SWITCH])).toBeNull();
  });
});

describe('projectRoot and examplesDir', () => {
  it('finds the folder with package.json from the sources, the built main and its chunks (the packaged asar alike)', () => {
    const has = (root: string) => (p: string) => p === join(root, 'package.json');
    expect(projectRoot('/repo/src-main/headless', has('/repo'))).toBe('/repo');
    expect(projectRoot('/opt/Modem Bench/resources/app.asar/out/main/chunks', has('/opt/Modem Bench/resources/app.asar'))).toBe('/opt/Modem Bench/resources/app.asar');
    expect(PROJECT_ROOT).toBe(join(__dirname, '../../..'));
  });
  it('takes the packaged examples beside the resources when they are there, else the checkout\'s', () => {
    expect(examplesDir('/opt/Modem Bench/resources', (p) => p === '/opt/Modem Bench/resources/examples')).toBe('/opt/Modem Bench/resources/examples');
    expect(examplesDir('/usr/lib/electron/resources', () => false)).toBe(join(PROJECT_ROOT, 'examples'));
    expect(examplesDir(undefined)).toBe(join(PROJECT_ROOT, 'examples'));
  });
});
