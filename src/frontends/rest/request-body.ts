import type { IncomingMessage } from 'node:http';

/** The body was longer than allowed; it was read to the end and dropped, so the reply can still be sent. */
export class BodyTooLarge extends Error {}

/**
 * Reads a request body up to `limit` bytes. Past the limit the rest is drained and discarded
 * rather than the socket reset, so the client gets a JSON error instead of ECONNRESET.
 */
export function readBody(request: IncomingMessage, declared: string | undefined, limit: number, done: (body: Buffer | BodyTooLarge) => void): void {
  if (declared !== undefined && Number(declared) > limit) {
    request.resume();
    request.on('end', () => done(new BodyTooLarge()));
    return;
  }
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let length = 0;
  let tooLarge = false;
  request.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    length += chunk.length;
    if (length > limit) {
      tooLarge = true;
      first = undefined;
      chunks = undefined;
      return;
    }
    if (first === undefined) first = chunk;
    else (chunks ??= [first]).push(chunk);
  });
  request.on('end', () => {
    if (tooLarge) done(new BodyTooLarge());
    else done(chunks !== undefined ? Buffer.concat(chunks, length) : first ?? Buffer.alloc(0));
  });
}
