#!/usr/bin/env node
/** The `restis` executable: parse flags, start the server, stop cleanly on SIGINT/SIGTERM. */
import { resolve } from 'node:path';
import { ConfigError, ConfigStore } from './server/config.js';
import { banner } from './server/banner.js';
import { Logger, type LogLevel } from './server/logger.js';
import { HELP_TEXT, parseCommandLine, UsageError } from './server/options.js';
import { RestisServer } from './server/server.js';
import { RESTIS_VERSION } from './version.js';

function fail(message: string): never {
  process.stderr.write(`restis: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let commandLine;
  try {
    commandLine = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof UsageError) fail(`${error.message}\n\n${HELP_TEXT}`);
    fail((error as Error).message);
  }
  if (commandLine.help) {
    process.stdout.write(HELP_TEXT);
    return;
  }
  if (commandLine.version) {
    process.stdout.write(`restis ${RESTIS_VERSION}\n`);
    return;
  }
  const config = new ConfigStore();
  for (const [name, value] of commandLine.pairs) {
    try {
      config.set(name, value, true);
    } catch (error) {
      if (error instanceof ConfigError) {
        const text = error.message.replace(/^ERR /, '');
        fail(text.startsWith('Unknown option') ? `unknown option '${name}' (see restis --help)` : text);
      }
      throw error;
    }
  }
  const log = new Logger(config.get('loglevel') as LogLevel);
  const configFile = commandLine.configFile === undefined ? undefined : resolve(commandLine.configFile);
  const server = new RestisServer({ config, log, configFile });
  try {
    await server.start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const port = config.get('port');
    if (code === 'EADDRINUSE') fail(`port ${port} is already in use; choose another with --port <n> (or --port 0 for a free one)`);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${config.get('bind')}: address not available (change it with --bind)`);
    if (code === 'EACCES') fail(`not allowed to listen on port ${port}; choose another with --port <n>`);
    fail((error as Error).message);
  }
  process.stdout.write(banner(server));
  log.notice(`ready to accept connections on port ${server.port}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.notice(`received ${signal}, shutting down`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.onShutdown(() => process.exit(0));
}

void main();
