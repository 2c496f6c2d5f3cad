import { startServer, type RunningServer, type StartOptions } from '../../src/index.js';

export const TOKEN = 'test-standard-token';
export const READONLY_TOKEN = 'test-readonly-token';

export async function startRestServer(options: StartOptions = {}): Promise<RunningServer> {
  return startServer({ token: TOKEN, readonlyToken: READONLY_TOKEN, ...options });
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One HTTP request to the REST front end; the body is sent as given (string or bytes). */
export async function call(server: RunningServer, path: string, init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string>; token?: string | null } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(server.restUrl + path, { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), body: init.body, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** POST / with a JSON command. */
export function command(server: RunningServer, argv: unknown[], headers: Record<string, string> = {}, token?: string | null): Promise<RawAnswer> {
  return call(server, '/', { body: JSON.stringify(argv), headers, token });
}

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
