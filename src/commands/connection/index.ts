import type { CommandDeclaration } from '../../core/command.js';
import { auth } from './auth.js';
import { client } from './client.js';
import { hello } from './hello.js';
import { echo, ping, quit } from './ping-echo.js';
import { reset } from './reset.js';
import { select } from './select.js';

export const CONNECTION_COMMANDS: readonly CommandDeclaration[] = [auth, client, echo, hello, ping, quit, reset, select];
