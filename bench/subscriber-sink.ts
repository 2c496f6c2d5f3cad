import net from 'node:net';

/**
 * Runs as its own process for the PUBLISH fan-out benchmark: COUNT connections subscribe to one
 * channel and discard what arrives, so the publishing server's fan-out, not the subscribers, is
 * what is measured. Prints "ready" once every subscription is confirmed; exits on stdin close.
 */
const [port, count, channel] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]!];
let confirmed = 0;
const sockets: net.Socket[] = [];
for (let i = 0; i < count; i++) {
  const socket = net.connect(port, '127.0.0.1');
  let first = true;
  socket.on('data', () => {
    if (first) {
      first = false;
      if (++confirmed === count) process.stdout.write('ready\n');
    }
  });
  socket.write(`*2\r\n$9\r\nSUBSCRIBE\r\n$${channel.length}\r\n${channel}\r\n`);
  sockets.push(socket);
}
process.stdin.on('close', () => {
  for (const socket of sockets) socket.destroy();
  process.exit(0);
});
process.stdin.resume();
