import net from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1 (for servers that cannot take port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * A port for a Redis Cluster node: the node also listens on port + 10000 (its cluster bus), so redis-server refuses
 * ports above 55535. Both ports are probed; candidates come from below the kernel's ephemeral range so that
 * outgoing connections rarely take them in the meantime.
 */
export async function freeClusterNodePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    // Candidates are below 30000 and their bus ports above, so only the same port can clash.
    if (taken.has(port)) continue;
    if (await isFree(port) && await isFree(port + 10_000)) return port;
  }
  throw new Error('no free port pair (port, port + 10000) found for a cluster node');
}
