#!/usr/bin/env node
import { processIo } from './cli/io';
import { runCli } from './cli/run';

// Exit explicitly: keep-alive connections must not hold a finished command open.
process.exit(await runCli(process.argv.slice(2), processIo));
