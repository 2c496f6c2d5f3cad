import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { runBeforeReplies } from '../../core/before-replies.js';
import type { ServerContext } from '../../core/context.js';
import type { CommandExecutor } from '../../core/executor.js';
import { ERR_REST_MAX_REQUEST_SIZE, ERR_REST_UNAUTHORIZED } from '../../core/errors.js';
import { RESTIS_VERSION } from '../../version.js';
import { jsonError, runMultiExec, runPipeline, runSingle, type ReplyFormat, type RestAnswer } from './executor.js';
import { parseCommand, parseCommandList, RequestError } from './json-arguments.js';
import { pathCommand, queryToken, splitUrl, type SplitUrl } from './path-command.js';
import { BodyTooLarge, readBody } from './request-body.js';
import { RestSession } from './rest-session.js';
import type { RestOptions } from './rest-options.js';
import type { TokenKind } from './restrictions.js';
import { openEventStream } from './sse.js';
import { TokenChecker, type RestTokens } from './tokens.js';

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT';
const CORS_HEADERS = 'authorization, content-type, upstash-encoding, upstash-response-format, upstash-sync-token, upstash-telemetry-sdk, upstash-telemetry-runtime, upstash-telemetry-platform, upstash-telemetry-retry, cache-control, accept';
const sessionOf = new WeakMap<Socket, RestSession>();

/** A set of tokens and the executor their requests run on (several with SRH's token file). */
export interface RestTenant {
  readonly tokens: RestTokens;
  readonly executor: CommandExecutor;
}

interface CheckedTenant {
  readonly checker: TokenChecker;
  readonly executor: CommandExecutor;
}

/** The request headers the REST API reads, found in one pass over rawHeaders (building `headers` costs more). */
interface ApiHeaders {
  authorization: string | undefined;
  encoding: string | undefined;
  responseFormat: string | undefined;
  contentLength: string | undefined;
  origin: string | undefined;
}

function apiHeaders(request: IncomingMessage): ApiHeaders {
  const found: ApiHeaders = { authorization: undefined, encoding: undefined, responseFormat: undefined, contentLength: undefined, origin: undefined };
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    switch (name.length) {
      case 13:
        if (name.toLowerCase() === 'authorization') found.authorization ??= raw[i + 1];
        break;
      case 16:
        if (name.toLowerCase() === 'upstash-encoding') found.encoding = found.encoding === undefined ? raw[i + 1] : `${found.encoding},${raw[i + 1]}`;
        break;
      case 23:
        if (name.toLowerCase() === 'upstash-response-format') found.responseFormat ??= raw[i + 1];
        break;
      case 14:
        if (name.toLowerCase() === 'content-length') found.contentLength ??= raw[i + 1];
        break;
      case 6:
        if (name.toLowerCase() === 'origin') found.origin ??= raw[i + 1];
        break;
    }
  }
  return found;
}

/** How the request wants its reply: JSON, JSON with base64 strings, or raw RESP2. */
function replyFormat(headers: ApiHeaders): ReplyFormat | RestAnswer {
  const encoding = headers.encoding;
  const base64 = encoding !== undefined && /(^|,)\s*base64\s*($|,)/i.test(encoding);
  const responseFormat = headers.responseFormat;
  if (responseFormat === undefined || responseFormat.toLowerCase() === 'json') return base64 ? 'base64' : 'json';
  if (responseFormat.toLowerCase() !== 'resp2') return jsonError(400, `ERR invalid Upstash-Response-Format '${responseFormat}': use json or resp2`);
  if (base64) return jsonError(400, 'ERR Upstash-Encoding: base64 cannot be combined with Upstash-Response-Format: resp2');
  return 'resp2';
}

function presentedToken(headers: ApiHeaders, url: SplitUrl): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    const match = /^\s*bearer\s+(.*)$/is.exec(header);
    return match === null ? undefined : match[1]!.trim();
  }
  return queryToken(url.query);
}

/**
 * The REST front end: the Upstash Redis REST API over node:http, onto the same dispatcher and
 * keyspace as the RESP front end.
 */
export class RestFrontend {
  private readonly tenants: CheckedTenant[];
  private readonly baseHeaders: string[];
  readonly servers: http.Server[] = [];
  /** Open event streams, closed with the front end. */
  readonly streams = new Set<ServerResponse>();

  constructor(private readonly server: ServerContext, private readonly options: RestOptions, tenants: readonly RestTenant[]) {
    this.tenants = tenants.map(({ tokens, executor }) => ({ checker: new TokenChecker(tokens), executor }));
    this.baseHeaders = options.corsOrigin === ''
      ? []
      : ['Access-Control-Allow-Origin', options.corsOrigin, 'Access-Control-Expose-Headers', 'upstash-sync-token'];
  }

  createServer(): http.Server {
    const httpServer = http.createServer({ maxHeaderSize: Math.max(16 * 1024, this.options.maxBody + 16 * 1024) }, (request, response) => {
      try {
        this.handle(request, response);
      } catch (error) {
        this.server.log.warning(`REST request ${request.method} ${request.url?.slice(0, 200)} failed: ${(error as Error)?.stack ?? error}`);
        this.failed(response, error);
      }
    });
    httpServer.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => this.clientError(error, socket));
    httpServer.keepAliveTimeout = 65_000;
    this.servers.push(httpServer);
    return httpServer;
  }

  private failed(response: ServerResponse, error: unknown): void {
    if (!response.headersSent) this.send(response, jsonError(500, `ERR internal error: ${(error as Error)?.message ?? error}`), true);
    else response.destroy();
  }

  /** The tenant whose token this is, and which of its tokens; undefined for a missing or wrong token. */
  private tenantOf(presented: string | undefined): { kind: TokenKind; executor: CommandExecutor } | undefined {
    let found: { kind: TokenKind; executor: CommandExecutor } | undefined;
    // Every tenant is checked, so the time does not tell which one matched.
    for (const tenant of this.tenants) {
      const kind = tenant.checker.check(presented);
      if (kind !== undefined && found === undefined) found = { kind, executor: tenant.executor };
    }
    return found;
  }

  /** Requests Node could not parse (bad request line, headers past the limit) still get a JSON answer. */
  private clientError(error: NodeJS.ErrnoException, socket: Socket): void {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const message = tooLarge ? `ERR request line and headers are longer than ${this.options.maxBody + 16 * 1024} bytes` : `ERR bad HTTP request: ${error.code ?? error.message}`;
    const body = JSON.stringify({ error: message });
    socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  /** `cors`: the request came from a browser (it has an Origin), so the reply carries the CORS headers. */
  send(response: ServerResponse, answer: RestAnswer, cors: boolean, executor: CommandExecutor = this.tenants[0]!.executor): void {
    const headers = ['Content-Type', answer.contentType, 'Content-Length', String(typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.length), 'upstash-sync-token', executor.syncToken()];
    if (cors) for (const header of this.baseHeaders) headers.push(header);
    // What the request wrote is in the AOF (fsynced with appendfsync always) before it is acknowledged.
    runBeforeReplies();
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method!;
    if (method === 'OPTIONS' && this.options.corsOrigin !== '') return this.preflight(request, response);
    const headers = apiHeaders(request);
    const cors = headers.origin !== undefined;
    if (method !== 'POST' && method !== 'GET' && method !== 'PUT' && method !== 'HEAD') {
      request.resume();
      response.setHeader('Allow', ALLOWED_METHODS);
      return this.send(response, jsonError(405, `ERR method ${method} not allowed: use GET, HEAD, POST or PUT`), cors);
    }
    const url = splitUrl(request.url ?? '/');
    const root = url.path === '/' || url.path === '';
    if (root && (method === 'GET' || method === 'HEAD')) {
      request.resume();
      return this.send(response, { status: 200, body: JSON.stringify({ result: `Restis ${RESTIS_VERSION} is running` }), contentType: 'application/json' }, cors);
    }
    if ((url.path === '/health' || url.path === '/health/') && (method === 'GET' || method === 'HEAD')) {
      request.resume();
      return this.health(response, cors);
    }
    const tenant = this.tenantOf(presentedToken(headers, url));
    if (tenant === undefined) {
      request.resume();
      return this.send(response, jsonError(401, ERR_REST_UNAUTHORIZED), cors);
    }
    const format = replyFormat(headers);
    if (typeof format !== 'string') {
      request.resume();
      return this.send(response, format, cors);
    }
    const path = url.path;
    if (path.startsWith('/subscribe/') || path.startsWith('/psubscribe/') || path === '/monitor' || path === '/monitor/') {
      request.resume();
      return openEventStream(this, request, response, url, tenant, cors);
    }
    const { kind, executor } = tenant;
    readBody(request, headers.contentLength, this.options.maxBody, (body) => {
      if (body instanceof BodyTooLarge) return this.send(response, jsonError(413, ERR_REST_MAX_REQUEST_SIZE), cors, executor);
      if (response.destroyed) return;
      const answer = this.run(request, url, root, body, kind, executor, format);
      if (!(answer instanceof Promise)) return this.send(response, answer, cors, executor);
      answer.then((done) => {
        if (!response.destroyed) this.send(response, done, cors, executor);
      }, (error: unknown) => {
        this.server.log.warning(`REST request ${request.method} ${request.url?.slice(0, 200)} failed: ${(error as Error)?.stack ?? error}`);
        this.failed(response, error);
      });
    });
  }

  /** `GET /health` (no token): 200 when commands can run, 503 when the upstream does not answer. */
  private health(response: ServerResponse, cors: boolean): void {
    void Promise.all(this.tenants.map((tenant) => tenant.executor.health())).then((reports) => {
      const ok = reports.every((report) => report.ok);
      const body = JSON.stringify(reports.length === 1 ? { status: ok ? 'ok' : 'down', ...reports[0] } : { status: ok ? 'ok' : 'down', upstreams: reports });
      if (!response.destroyed) this.send(response, { status: ok ? 200 : 503, body, contentType: 'application/json' }, cors);
    });
  }

  private run(request: IncomingMessage, url: SplitUrl, root: boolean, body: Buffer, kind: TokenKind, executor: CommandExecutor, format: ReplyFormat): RestAnswer | Promise<RestAnswer> {
    const ctx = this.sessionFor(request, kind);
    const path = url.path;
    try {
      if (root) return runSingle(executor, ctx, parseCommand(body.toString('utf8')), format);
      if (path === '/pipeline' || path === '/pipeline/') return runPipeline(executor, ctx, parseCommandList(body.toString('utf8')), format);
      if (path === '/multi-exec' || path === '/multi-exec/') return runMultiExec(executor, ctx, parseCommandList(body.toString('utf8')), format === 'base64');
    } catch (error) {
      if (error instanceof RequestError) return jsonError(400, error.message);
      throw error;
    }
    const argv = pathCommand(url, body.length === 0 ? undefined : body.latin1Slice(0, body.length));
    if (argv.length === 0) return jsonError(400, 'ERR empty command');
    return runSingle(executor, ctx, argv, format);
  }

  private preflight(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    response.writeHead(204, [
      'Access-Control-Allow-Origin', this.options.corsOrigin,
      'Access-Control-Allow-Methods', ALLOWED_METHODS,
      'Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? CORS_HEADERS,
      'Access-Control-Max-Age', '86400',
    ]);
    response.end();
  }

  /** The CORS headers of a reply to a browser (none when CORS is off). */
  corsHeaders(cors: boolean): readonly string[] {
    return cors ? this.baseHeaders : [];
  }

  get serverContext(): ServerContext {
    return this.server;
  }

  get heartbeatMs(): number {
    return this.options.heartbeatMs;
  }

  /** A REST session for the socket of this request (reused by keep-alive requests). */
  sessionFor(request: IncomingMessage, kind: TokenKind): ReturnType<RestSession['prepare']> {
    const socket = request.socket;
    let session = sessionOf.get(socket);
    if (session === undefined) {
      session = new RestSession(socket, this.server);
      sessionOf.set(socket, session);
    }
    return session.prepare(kind);
  }

  close(): void {
    for (const stream of this.streams) stream.destroy();
    this.streams.clear();
    for (const httpServer of this.servers) httpServer.closeAllConnections();
  }
}
