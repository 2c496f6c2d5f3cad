import http from 'node:http';

/**
 * The REST benchmark's ceiling: a bare node:http server that reads each request body and answers a
 * fixed JSON body. Whatever Restis does beyond this (auth, parsing, running the command) is what
 * the ratio measures. Prints its port, then runs until killed.
 */
const REPLY = '{"result":"OK"}';
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    Buffer.concat(chunks);
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': REPLY.length });
    response.end(REPLY);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port ${(server.address() as { port: number }).port}\n`);
});
