import net from 'node:net';
import type { ServerContext } from '../../core/context.js';
import { ERR_MAX_CLIENTS } from '../../core/errors.js';
import { RespConnection } from './connection.js';

/** Protocol limits from the configuration, kept as numbers so the parser never looks them up. */
export interface ProtocolLimits {
  maxBulkLength: number;
  maxQueryBuffer: number;
}

function trackLimits(server: ServerContext): ProtocolLimits {
  const limits: ProtocolLimits = {
    maxBulkLength: server.config.getNumber('proto-max-bulk-len'),
    maxQueryBuffer: server.config.getNumber('client-query-buffer-limit'),
  };
  server.config.onChange('proto-max-bulk-len', (_, value) => (limits.maxBulkLength = Number(value)));
  server.config.onChange('client-query-buffer-limit', (_, value) => (limits.maxQueryBuffer = Number(value)));
  return limits;
}

/** Accepts RESP clients on one address, enforcing maxclients. */
export function createRespListener(server: ServerContext): net.Server {
  const limits = trackLimits(server);
  const listener = net.createServer({ noDelay: true }, (socket) => {
    if (server.clients.size >= server.config.getNumber('maxclients')) {
      server.stats.rejectedConnections++;
      socket.on('error', () => {});
      socket.end(`-${ERR_MAX_CLIENTS}\r\n`);
      return;
    }
    server.stats.connectionsReceived++;
    // tcp-keepalive: notice peers that vanished without closing (Redis's default is 300 s).
    const keepAliveSeconds = server.config.getNumber('tcp-keepalive');
    if (keepAliveSeconds > 0) socket.setKeepAlive(true, keepAliveSeconds * 1000);
    new RespConnection(socket, server, limits);
  });
  return listener;
}

/** Listens on `port` at `host`; resolves with the bound port, rejects with the listen error. */
export function listen(listener: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    listener.once('error', onError);
    listener.listen({ port, host, backlog: 511 }, () => {
      listener.off('error', onError);
      resolve((listener.address() as net.AddressInfo).port);
    });
  });
}
