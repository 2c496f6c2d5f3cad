import type { CommandDeclaration } from '../core/command.js';
import { auth } from './connection/auth.js';
import { client } from './connection/client.js';
import { hello } from './connection/hello.js';
import { echo, ping, quit } from './connection/ping-echo.js';
import { reset } from './connection/reset.js';
import { select } from './connection/select.js';
import { get, set } from './string/get-set.js';

/** Every command Restis knows. Each family's file declares its commands; this list collects them. */
export const ALL_COMMANDS: readonly CommandDeclaration[] = [
  // connection
  auth, client, echo, hello, ping, quit, reset, select,
  // string
  get, set,
];
