import net from 'node:net';
import type { ServerContext } from '../../core/context.js';
import { ERR_MAX_CLIENTS } from '../../core/errors.js';
import { RespConnection } from './connection.js';

/** Accepts RESP clients on one address, enforcing maxclients. */
export function createRespListener(server: ServerContext): net.Server {
  const listener = net.createServer({ noDelay: true }, (socket) => {
    server.stats.connectionsReceived++;
    if (server.clients.size >= server.config.getNumber('maxclients')) {
      server.stats.rejectedConnections++;
      socket.on('error', () => {});
      socket.end(`-${ERR_MAX_CLIENTS}\r\n`);
      return;
    }
    new RespConnection(socket, server);
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
