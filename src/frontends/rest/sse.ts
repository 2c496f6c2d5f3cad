import type { IncomingMessage, ServerResponse } from 'node:http';
import { restNoPermission } from '../../core/errors.js';
import type { CommandExecutor, StreamHandle, StreamSink } from '../../core/executor.js';
import { jsonError } from './executor.js';
import type { RestFrontend } from './http-frontend.js';
import { pathSegments, type SplitUrl } from './path-command.js';
import type { TokenKind } from './restrictions.js';

/** A subscriber whose unsent stream passes this is too slow: its stream is closed (pub/sub's hard limit). */
const STREAM_OUTPUT_LIMIT = 32 * 1024 * 1024;

/**
 * One event: `data: <text>` and a blank line. Text is written as its bytes (binary strings carry
 * UTF-8 as it was published). A payload with line breaks becomes several `data:` lines, which
 * EventSource joins back with \n; the Upstash SDK, which reads each `data:` line on its own,
 * sees the text up to the first line break.
 */
function eventBytes(text: string): Buffer {
  const lines = text.split(/\r\n|\r|\n/);
  return Buffer.from(lines.map((line) => `data: ${line}\n`).join('') + '\n', 'latin1');
}

/**
 * The Server-Sent Events endpoints: /subscribe/<channel>, /psubscribe/<pattern> and /monitor.
 * Each stream is one subscriber of the executor (the hub RESP clients use, or a dedicated upstream
 * connection); it lives until the client goes away, with a comment line every heartbeat so idle
 * proxies keep it open.
 */
export function openEventStream(frontend: RestFrontend, request: IncomingMessage, response: ServerResponse, url: SplitUrl, tenant: { kind: TokenKind; executor: CommandExecutor }, cors: boolean): void {
  const { kind, executor } = tenant;
  const server = frontend.serverContext;
  const [endpoint, ...names] = pathSegments(url.path);
  const monitor = endpoint === 'monitor';
  if (monitor && kind !== 'standard') return frontend.send(response, jsonError(400, restNoPermission('monitor')), cors, executor);
  if (!monitor && names.length === 0) return frontend.send(response, jsonError(400, `ERR /${endpoint} needs a channel: /${endpoint}/<name>`), cors, executor);
  response.writeHead(200, [
    'Content-Type', 'text/event-stream',
    'Cache-Control', 'no-cache',
    'Connection', 'keep-alive',
    'X-Accel-Buffering', 'no',
    ...frontend.corsHeaders(cors),
  ]);
  response.flushHeaders();
  request.socket.setNoDelay(true);
  frontend.streams.add(response);

  let closed = false;
  const send = (text: string): void => {
    if (closed) return;
    response.write(eventBytes(text));
    if (response.writableLength > STREAM_OUTPUT_LIMIT) {
      server.log.notice(`closing event stream ${request.socket.remoteAddress}:${request.socket.remotePort}: more than ${STREAM_OUTPUT_LIMIT} bytes unread`);
      response.destroy();
    }
  };

  const sink: StreamSink = {
    subscribed: (endpointKind, name, count) => send(`${endpointKind},${name},${count}`),
    message: (channel, payload) => send(`message,${channel},${payload}`),
    patternMessage: (pattern, channel, payload) => send(`pmessage,${pattern},${channel},${payload}`),
    shardMessage: (channel, payload) => send(`smessage,${channel},${payload}`),
    monitoring: () => send('"OK"'),
    monitorLine: (text) => send(text),
    failed: (message) => {
      send(`error,${message}`);
      response.end();
    },
  };
  let handle: StreamHandle | undefined;
  const opened = executor.openStream(frontend.sessionFor(request, kind), { kind: monitor ? 'monitor' : endpoint === 'psubscribe' ? 'psubscribe' : 'subscribe', names }, sink);
  if (opened instanceof Promise) {
    opened.then((ready) => {
      if (closed) ready.close();
      else handle = ready;
    }, (error: unknown) => sink.failed((error as Error)?.message ?? String(error)));
  } else {
    handle = opened;
  }
  const cleanup = (): void => handle?.close();

  const heartbeat = setInterval(() => {
    if (!closed) response.write(':\n\n');
  }, frontend.heartbeatMs);
  heartbeat.unref();
  response.on('close', () => {
    closed = true;
    clearInterval(heartbeat);
    frontend.streams.delete(response);
    cleanup();
  });
}
