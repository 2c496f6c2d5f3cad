import { connectHost } from './bind.js';
import { redisUrl } from './url.js';
import { REDIS_VERSION, RESTIS_VERSION } from '../version.js';
import type { RestisServer } from './server.js';

/** http://host:port of the REST front end, with IPv6 hosts in brackets. */
export function restUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The startup text: what is running, where, and the lines to paste into an .env file. */
export function banner(server: RestisServer, restBind: string): string {
  const host = connectHost(server.config.get('bind'));
  const password = server.config.get('requirepass');
  const url = redisUrl(host, server.port, password);
  const lines = [
    `Restis ${RESTIS_VERSION} (Redis ${REDIS_VERSION} compatible), pid ${process.pid}`,
    `RESP  listening on ${server.config.get('bind').split(' ').join(', ')} port ${server.port}`,
  ];
  const tokens = server.restTokens;
  if (tokens !== undefined) lines.push(`REST  listening on ${restBind.split(' ').join(', ')} port ${server.restPort} (Upstash Redis REST API)`);
  const savePoints = server.config.get('save').trim();
  const parts: string[] = [];
  if (server.config.get('appendonly') === 'yes') {
    parts.push(`append-only file in ${server.config.get('appenddirname')}/ (appendfsync ${server.config.get('appendfsync')}${server.config.get('aof-use-rdb-preamble') === 'yes' ? ', RDB preamble' : ''})`);
  }
  if (savePoints !== '') parts.push(`RDB snapshots to ${server.config.get('dbfilename')} (save ${savePoints})`);
  const persistence = parts.length === 0 ? 'none (data lives in memory only; --appendonly yes makes it durable)' : parts.join(' + ');
  lines.push(`Data directory: ${server.config.get('dir')}`, `Persistence: ${persistence}`, '', 'Environment for your app (.env.local):');
  if (tokens !== undefined) {
    const rest = restUrl(connectHost(restBind), server.restPort);
    lines.push(
      `  UPSTASH_REDIS_REST_URL=${rest}`,
      `  UPSTASH_REDIS_REST_TOKEN=${tokens.standard}`,
      `  KV_REST_API_URL=${rest}`,
      `  KV_REST_API_TOKEN=${tokens.standard}`,
      `  KV_REST_API_READ_ONLY_TOKEN=${tokens.readonly}`,
    );
  }
  lines.push(`  REDIS_URL=${url}`, '');
  return lines.join('\n');
}
