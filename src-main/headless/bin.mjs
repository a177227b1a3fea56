#!/usr/bin/env node
// The `modem-bench` command. It runs the TypeScript sources through tsx, so
// `npx modem-bench` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
