#!/usr/bin/env node
/** The `restis` executable: parse flags, start the server, stop cleanly on SIGINT/SIGTERM. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveTokens } from './frontends/rest/tokens.js';
import { ConfigError, ConfigStore } from './server/config.js';
import { banner } from './server/banner.js';
import { Logger, type LogLevel } from './server/logger.js';
import { HELP_TEXT, parseCommandLine, restSettings, UsageError, type RestSettings } from './server/options.js';
import { RestisServer } from './server/server.js';
import { RESTIS_VERSION } from './version.js';
import { gatewaySettings, type GatewayTenantSettings } from './gateway/gateway-options.js';
import { gatewayTenants } from './gateway/gateway-tenants.js';
import { describeAddress } from './gateway/upstream.js';

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
  let rest: RestSettings;
  try {
    rest = restSettings(commandLine);
  } catch (error) {
    fail((error as Error).message);
  }
  let gateway: GatewayTenantSettings[] | undefined;
  try {
    gateway = gatewaySettings(commandLine.rest, process.env);
  } catch (error) {
    fail((error as Error).message);
  }
  if (gateway !== undefined) {
    // Gateway mode keeps no data: nothing to load or save, and no RESP listener (a RESP proxy is not part of this version).
    if (commandLine.pairs.some(([name]) => name === 'port')) fail('--port (a RESP proxy in front of the upstream) is not available in gateway mode; use the upstream directly');
    if (!rest.options.enabled) fail('gateway mode serves the REST API: --no-http leaves nothing to run');
    commandLine.pairs.push(['save', ''], ['appendonly', 'no']);
  }
  const config = new ConfigStore();
  // The data directory (REST tokens now, persistence files later): ./restis-data unless --dir says otherwise.
  const dataDir = resolve(commandLine.pairs.filter(([name]) => name === 'dir').pop()?.[1] ?? 'restis-data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    fail(`cannot create the data directory ${dataDir}: ${(error as Error).message} (change it with --dir)`);
  }
  commandLine.pairs.push(['dir', dataDir]);
  // Durable by default: the append-only file (fsync every second, RDB preamble) and Redis's own save
  // points, unless --appendonly / --save say otherwise.
  if (!commandLine.pairs.some(([name]) => name === 'save')) commandLine.pairs.unshift(['save', '3600 1 300 100 60 10000']);
  if (!commandLine.pairs.some(([name]) => name === 'appendonly')) commandLine.pairs.unshift(['appendonly', 'yes']);
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
  let tokens;
  try {
    const fromTokenFile = gateway?.[0]?.token;
    tokens = fromTokenFile !== undefined ? { standard: fromTokenFile, readonly: '' } : resolveTokens({ standard: rest.token, readonly: rest.readonlyToken }, dataDir);
  } catch (error) {
    fail((error as Error).message);
  }
  const tenants = gateway === undefined ? undefined : gatewayTenants(gateway, tokens, (message) => log.warning(message));
  const server = new RestisServer({ config, log, configFile, rest: { options: rest.options, tokens, tenants }, loadData: gateway === undefined, resp: gateway === undefined });
  try {
    await server.start();
  } catch (error) {
    // SHUTDOWN (or a signal) while the dataset was loading: a requested stop, not a failure.
    if ((error as Error).name === 'LoadAborted') process.exit(0);
    if ((error as Error).name === 'RdbError' || /\.rdb\b/.test((error as Error).message ?? '')) fail(`cannot load ${config.get('dir')}: ${(error as Error).message}`);
    const code = (error as NodeJS.ErrnoException).code;
    const isRest = (error as { frontEnd?: string }).frontEnd === 'rest';
    const port = isRest ? rest.options.port : config.get('port');
    const portFlag = isRest ? '--http-port' : '--port';
    const bind = isRest ? rest.options.bind : config.get('bind');
    if (code === 'EADDRINUSE') fail(`${isRest ? 'HTTP ' : ''}port ${port} is already in use; choose another with ${portFlag} <n> (or ${portFlag} 0 for a free one)${isRest ? ', or --no-http' : ''}`);
    if (code === 'EADDRNOTAVAIL') fail(`cannot listen on ${bind}: address not available (change it with ${isRest ? '--http-bind' : '--bind'})`);
    if (code === 'EACCES') fail(`not allowed to listen on port ${port}; choose another with ${portFlag} <n>`);
    fail((error as Error).message);
  }
  const upstreams = gateway?.map(({ id, upstream }) => {
    const target = upstream.cluster === undefined ? describeAddress(upstream.server!) : `cluster ${upstream.cluster.map(describeAddress).join(',')}`;
    return gateway!.length === 1 ? target : `${target} for token ${id}`;
  });
  process.stdout.write(banner(server, rest.options.bind, upstreams));
  log.notice(gateway === undefined ? `ready to accept connections on port ${server.port}` : `ready to accept REST requests on port ${server.restPort}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.notice(`received ${signal}, shutting down`);
    if (!server.saveBeforeShutdown()) log.warning('could not save the dataset before stopping');
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.onShutdown(() => process.exit(0));
}

void main();
