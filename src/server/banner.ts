import { connectHost } from './bind.js';
import { redisUrl } from './url.js';
import { REDIS_VERSION, RESTIS_VERSION } from '../version.js';
import type { RestisServer } from './server.js';

/** http://host:port of the REST front end, with IPv6 hosts in brackets. */
export function restUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The startup text: what is running, where, and the lines to paste into an .env file. `upstreams`
 * (gateway mode) names what the REST front end forwards to instead of the embedded engine.
 */
export function banner(server: RestisServer, restBind: string, upstreams?: readonly string[]): string {
  const host = connectHost(server.config.get('bind'));
  const password = server.config.get('requirepass');
  const url = redisUrl(host, server.port, password);
  const lines = [
    `Restis ${RESTIS_VERSION} (Redis ${REDIS_VERSION} compatible), pid ${process.pid}`,
  ];
  if (upstreams === undefined) lines.push(`RESP  listening on ${server.config.get('bind').split(' ').join(', ')} port ${server.port}`);
  const tokens = server.restTokens;
  if (tokens !== undefined) lines.push(`REST  listening on ${restBind.split(' ').join(', ')} port ${server.restPort} (Upstash Redis REST API)`);
  if (upstreams !== undefined) {
    lines.push(...upstreams.map((upstream) => `Gateway to ${upstream} (no data kept here; GET /health checks the upstream)`));
    if (tokens !== undefined) lines.push('', 'Environment for your app (.env.local):', ...restEnvironment(restUrl(connectHost(restBind), server.restPort), tokens.standard, tokens.readonly), '');
    return lines.join('\n');
  }
  const savePoints = server.config.get('save').trim();
  const parts: string[] = [];
  if (server.config.get('appendonly') === 'yes') {
    parts.push(`append-only file in ${server.config.get('appenddirname')}/ (appendfsync ${server.config.get('appendfsync')}${server.config.get('aof-use-rdb-preamble') === 'yes' ? ', RDB preamble' : ''})`);
  }
  if (savePoints !== '') parts.push(`RDB snapshots to ${server.config.get('dbfilename')} (save ${savePoints})`);
  const persistence = parts.length === 0 ? 'none (data lives in memory only; --appendonly yes makes it durable)' : parts.join(' + ');
  lines.push(`Data directory: ${server.config.get('dir')}`, `Persistence: ${persistence}`, '', 'Environment for your app (.env.local):');
  if (tokens !== undefined) {
    lines.push(...restEnvironment(restUrl(connectHost(restBind), server.restPort), tokens.standard, tokens.readonly));
  }
  lines.push(`  REDIS_URL=${url}`, '');
  return lines.join('\n');
}

function restEnvironment(rest: string, token: string, readonlyToken: string): string[] {
  return [
    `  UPSTASH_REDIS_REST_URL=${rest}`,
    `  UPSTASH_REDIS_REST_TOKEN=${token}`,
    `  KV_REST_API_URL=${rest}`,
    `  KV_REST_API_TOKEN=${token}`,
    ...(readonlyToken === '' ? [] : [`  KV_REST_API_READ_ONLY_TOKEN=${readonlyToken}`]),
  ];
}
