/**
 * Every error text Restis answers, worded as Redis 7.0 words it: clients match on these words.
 * Messages carry their code prefix (ERR, WRONGTYPE, ...); writers add the '-' marker.
 */

export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const ERR_NO_SUCH_KEY = 'ERR no such key';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export const ERR_INCR_NAN = 'ERR increment would produce NaN or Infinity';
export const ERR_DB_INDEX = 'ERR DB index is out of range';
export const ERR_SAME_OBJECT = 'ERR source and destination objects are the same';
export const ERR_OFFSET_RANGE = 'ERR offset is out of range';
export const ERR_STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const ERR_INVALID_CURSOR = 'ERR invalid cursor';
export const ERR_NO_SUCH_CLIENT = 'ERR No such client';
export const ERR_NOAUTH = 'NOAUTH Authentication required.';
export const ERR_WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const ERR_AUTH_NOT_CONFIGURED =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const ERR_NOPROTO = 'NOPROTO unsupported protocol version';
export const ERR_MAX_CLIENTS = 'ERR max number of clients reached';
export const ERR_EXPIRE_NX_XX = 'ERR NX and XX, GT or LT options at the same time are not compatible';
export const ERR_EXPIRE_GT_LT = 'ERR GT and LT options at the same time are not compatible';
export const ERR_LCS_IDX_LEN = 'ERR If you want both the length and indexes, please just use IDX.';
export const ERR_LCS_MEMORY = 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const ERR_DEBUG_DISABLED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';
export const ERR_CLIENT_NAME =
  'ERR Client names cannot contain spaces, newlines or special characters.';

export const PROTOCOL_INVALID_MULTIBULK = 'ERR Protocol error: invalid multibulk length';
export const PROTOCOL_INVALID_BULK = 'ERR Protocol error: invalid bulk length';
export const PROTOCOL_UNAUTH_MULTIBULK = 'ERR Protocol error: unauthenticated multibulk length';
export const PROTOCOL_UNAUTH_BULK = 'ERR Protocol error: unauthenticated bulk length';
export const PROTOCOL_BIG_MULTIBULK = 'ERR Protocol error: too big mbulk count string';
export const PROTOCOL_BIG_BULK = 'ERR Protocol error: too big bulk count string';
export const PROTOCOL_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const PROTOCOL_UNBALANCED_QUOTES = 'ERR Protocol error: unbalanced quotes in request';
export const protocolExpectedDollar = (got: string): string => `ERR Protocol error: expected '$', got '${got}'`;

export const wrongArity = (fullName: string): string => `ERR wrong number of arguments for '${fullName}' command`;

/**
 * A client's argument as Redis quotes it in an error: Redis formats errors with C's %s, which
 * stops at the first NUL byte. Every builder below passes user input through this.
 */
export function quoted(text: string, maxLength = Infinity): string {
  const nul = text.indexOf('\0');
  const end = Math.min(nul === -1 ? text.length : nul, maxLength);
  return end === text.length ? text : text.slice(0, end);
}

export function unknownCommand(name: string, args: readonly string[]): string {
  let listed = '';
  for (let i = 0; i < args.length && listed.length < 128; i++) {
    listed += `'${quoted(args[i]!, 128 - listed.length)}' `;
  }
  return `ERR unknown command '${quoted(name, 128)}', with args beginning with: ${listed}`;
}

export const unknownSubcommand = (sub: string, container: string): string =>
  `ERR unknown subcommand '${quoted(sub, 128)}'. Try ${quoted(container).toUpperCase()} HELP.`;

/** The wording commands with hand-parsed subcommands (DEBUG, ...) use. */
export const unknownSubcommandOrArity = (sub: string, container: string): string =>
  `ERR unknown subcommand or wrong number of arguments for '${quoted(sub, 128)}'. Try ${quoted(container).toUpperCase()} HELP.`;

export const invalidExpireTime = (command: string): string => `ERR invalid expire time in '${command}' command`;

export const configUnknownOption = (name: string): string =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${quoted(name)}'`;
export const configSetFailed = (name: string, reason: string): string =>
  `ERR CONFIG SET failed (possibly related to argument '${quoted(name)}') - ${reason}`;

/** Redis never lets CR or LF into an error line. */
export function sanitizeErrorLine(message: string): string {
  return /[\r\n]/.test(message) ? message.replace(/[\r\n]/g, ' ') : message;
}

export const ERR_HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';

// Key (generic) commands.
export const unsupportedOption = (option: string): string => `ERR Unsupported option ${quoted(option)}`;
/** getRangeLongFromObjectOrReply's wording when no custom message is given. */
export const valueOutOfRange = (min: number | bigint, max: number | bigint): string =>
  `ERR value is out of range, value must between ${min} and ${max}`;
export const ERR_INVALID_FIRST_DB = 'ERR invalid first DB index';
export const ERR_INVALID_SECOND_DB = 'ERR invalid second DB index';
export const ERR_LFU_SELECTED_NO_IDLETIME =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_LFU_NOT_SELECTED =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const ERR_FREQ_NOT_TRACKED = 'ERR Restis does not track access frequency yet (OBJECT FREQ)';

// String commands
export const ERR_DECREMENT_OVERFLOW = 'ERR decrement would overflow';
export const ERR_LCS_WRONGTYPE = 'ERR The specified keys must contain string values';
export const ERR_LCS_ALLOCATION = 'ERR Insufficient memory, failed allocating transient memory for LCS';

// Server commands (COMMAND, CONFIG, SHUTDOWN, FUNCTION).
export const ERR_INVALID_COMMAND = 'ERR Invalid command specified';
export const ERR_COMMAND_NO_KEYS = 'ERR The command has no key arguments';
export const ERR_COMMAND_ARITY = 'ERR Invalid number of arguments specified for command';
export const ERR_COMMAND_INVALID_ARGS = 'ERR Invalid arguments specified for command';
export const ERR_NO_CONFIG_FILE = 'ERR The server is running without a config file';
export const configRewriteFailed = (reason: string): string => `ERR Rewriting config file: ${reason}`;
export const ERR_NO_SHUTDOWN = 'ERR No shutdown in progress.';
export const ERR_SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.';
export const ERR_FUNCTION_FLUSH_MODE = 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option';

// Connection commands quoting client input.
export const unknownClientType = (type: string): string => `ERR Unknown client type '${quoted(type)}'`;
export const noSuchUser = (user: string): string => `ERR No such user '${quoted(user)}'`;
export const unrecognizedOption = (option: string): string => `ERR Unrecognized option '${quoted(option)}'`;
export const helloSyntaxError = (option: string): string => `ERR Syntax error in HELLO option '${quoted(option)}'`;

// Blocking commands.
export const ERR_UNBLOCKED = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
