import { connectHost } from './bind.js';
import { redisUrl } from './url.js';
import { REDIS_VERSION, RESTIS_VERSION } from '../version.js';
import type { RestisServer } from './server.js';

/** The startup text: what is running, where, and the lines to paste into an .env file. */
export function banner(server: RestisServer): string {
  const host = connectHost(server.config.get('bind'));
  const password = server.config.get('requirepass');
  const url = redisUrl(host, server.port, password);
  return [
    `Restis ${RESTIS_VERSION} (Redis ${REDIS_VERSION} compatible), pid ${process.pid}`,
    `RESP  listening on ${server.config.get('bind').split(' ').join(', ')} port ${server.port}`,
    'Persistence: none (data lives in memory only)',
    '',
    'Environment for your app:',
    `  REDIS_URL=${url}`,
    '',
  ].join('\n');
}
