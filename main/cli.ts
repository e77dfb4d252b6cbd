#!/usr/bin/env node
import { drained, processIo } from './cli/io';
import { runCli } from './cli/run';

const code = await runCli(process.argv.slice(2), processIo);
// Output to a pipe is written asynchronously: exiting before it drained would cut off the summary
// line a script reads last. Then exit explicitly: keep-alive connections must not hold a finished command open.
await Promise.all([drained(process.stdout), drained(process.stderr)]);
process.exit(code);
