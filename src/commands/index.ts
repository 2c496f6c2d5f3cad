import type { CommandDeclaration } from '../core/command.js';
import { BITMAP_COMMANDS } from './bitmap/index.js';
import { CONNECTION_COMMANDS } from './connection/index.js';
import { GENERIC_COMMANDS } from './generic/index.js';
import { GEO_COMMANDS } from './geo/index.js';
import { HASH_COMMANDS } from './hash/index.js';
import { HYPERLOGLOG_COMMANDS } from './hyperloglog/index.js';
import { LIST_COMMANDS } from './list/index.js';
import { PUBSUB_COMMANDS } from './pubsub/index.js';
import { SCRIPTING_COMMANDS } from './scripting/index.js';
import { SERVER_COMMANDS } from './server/index.js';
import { SET_COMMANDS } from './set/index.js';
import { SORT_COMMANDS } from './sort/index.js';
import { STREAM_COMMANDS } from './stream/index.js';
import { STRING_COMMANDS } from './string/index.js';
import { TRANSACTION_COMMANDS } from './transaction/index.js';
import { ZSET_COMMANDS } from './zset/index.js';

/** Every command Restis knows: each family folder declares its commands and lists them in its index. */
export const ALL_COMMANDS: readonly CommandDeclaration[] = [
  ...CONNECTION_COMMANDS,
  ...GENERIC_COMMANDS,
  ...SERVER_COMMANDS,
  ...STRING_COMMANDS,
  ...BITMAP_COMMANDS,
  ...HYPERLOGLOG_COMMANDS,
  ...LIST_COMMANDS,
  ...HASH_COMMANDS,
  ...SET_COMMANDS,
  ...ZSET_COMMANDS,
  ...GEO_COMMANDS,
  ...STREAM_COMMANDS,
  ...SORT_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...PUBSUB_COMMANDS,
  ...SCRIPTING_COMMANDS,
];
