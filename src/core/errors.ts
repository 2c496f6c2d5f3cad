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

// Bitmap commands (SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD).
export const ERR_BIT_OFFSET = 'ERR bit offset is not an integer or out of range';
export const ERR_BIT_VALUE = 'ERR bit is not an integer or out of range';
export const ERR_BITPOS_BIT = 'ERR The bit argument must be 1 or 0.';
export const ERR_BITOP_NOT = 'ERR BITOP NOT must be called with a single source key.';
export const ERR_BITFIELD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const ERR_BITFIELD_OVERFLOW = 'ERR Invalid OVERFLOW type specified';
export const ERR_BITFIELD_RO = 'ERR BITFIELD_RO only supports the GET subcommand';

// HyperLogLog commands (PFADD PFCOUNT PFMERGE).
export const ERR_NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';
export const ERR_HLL_CORRUPT = 'INVALIDOBJ Corrupted HLL object detected';

// Hash and set commands (and the other multi-key intersections: SINTERCARD, ZINTERCARD).
export const ERR_HASH_VALUE_NOT_INTEGER = 'ERR hash value is not an integer';
export const ERR_HASH_VALUE_NOT_FLOAT = 'ERR hash value is not a float';
export const ERR_VALUE_NAN_OR_INFINITY = 'ERR value is NaN or Infinity';
export const ERR_VALUE_OUT_OF_RANGE = 'ERR value is out of range';
export const ERR_OUT_OF_RANGE_POSITIVE = 'ERR value is out of range, must be positive';
export const ERR_NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
export const ERR_NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args";
export const ERR_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";

// List commands (LPOS LSET LMPOP BLMPOP).
export const ERR_LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const ERR_LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const ERR_LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
export const ERR_INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const ERR_COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';

// Stream commands (XADD XRANGE XREAD XGROUP XREADGROUP XCLAIM XAUTOCLAIM XINFO XSETID ...).
export const ERR_STREAM_INVALID_ID = 'ERR Invalid stream ID specified as stream command argument';
export const ERR_XADD_ID_TOO_SMALL = 'ERR The ID specified in XADD is equal or smaller than the target stream top item';
export const ERR_XADD_ID_ZERO = 'ERR The ID specified in XADD must be greater than 0-0';
export const ERR_STREAM_EXHAUSTED = 'ERR The stream has exhausted the last possible ID, unable to add more items';
export const ERR_STREAM_ELEMENTS_TOO_LARGE = 'ERR Elements are too large to be stored';
export const ERR_STREAM_MAXLEN_NEGATIVE = 'ERR The MAXLEN argument must be >= 0.';
export const ERR_STREAM_LIMIT_NEGATIVE = 'ERR The LIMIT argument must be >= 0.';
export const ERR_STREAM_MAXLEN_AND_MINID = 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible';
export const ERR_STREAM_LIMIT_NO_STRATEGY = 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy';
export const ERR_XTRIM_NO_STRATEGY = 'ERR syntax error, XTRIM must be called with a trimming strategy';
export const ERR_STREAM_LIMIT_NOT_APPROXIMATE = 'ERR syntax error, LIMIT cannot be used without the special ~ option';
export const ERR_STREAM_INVALID_START = 'ERR invalid start ID for the interval';
export const ERR_STREAM_INVALID_END = 'ERR invalid end ID for the interval';
export const ERR_XREAD_UNBALANCED = "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
export const ERR_XREAD_GROUP_OPTION = 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.';
export const ERR_XREAD_NOACK_OPTION = 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.';
export const ERR_XREADGROUP_MISSING_GROUP = 'ERR Missing GROUP option for XREADGROUP';
export const ERR_XREADGROUP_DOLLAR =
  'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.';
export const ERR_XREAD_GREATER_ID = 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.';
export const ERR_XGROUP_NO_KEY =
  'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.';
export const ERR_XGROUP_ENTRIES_READ = 'ERR value for ENTRIESREAD must be positive or -1';
export const ERR_BUSYGROUP = 'BUSYGROUP Consumer Group name already exists';
export const ERR_XAUTOCLAIM_COUNT = 'ERR COUNT must be > 0';
export const ERR_XAUTOCLAIM_COUNT_MEMORY = 'ERR Insufficient memory, failed allocating transient memory, COUNT too high.';
export const ERR_XSETID_ENTRIES_ADDED_NEGATIVE = 'ERR entries_added must be positive';
export const ERR_XSETID_BELOW_MAX_DELETED = 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id';
export const ERR_XSETID_BELOW_TOP = 'ERR The ID specified in XSETID is smaller than the target stream top item';
export const ERR_XSETID_ENTRIES_ADDED_SMALL = 'ERR The entries_added specified in XSETID is smaller than the target stream length';
export const ERR_STREAM_GROUP_DESTROYED = 'NOGROUP the consumer group this client was blocked on no longer exists';
export const ERR_STREAM_KEY_GONE = 'UNBLOCKED the stream key no longer exists';
export const xclaimBadArgument = (what: string, command: string): string => `ERR Invalid ${what} argument for ${command}`;
export const xclaimUnknownOption = (option: string): string => `ERR Unrecognized XCLAIM option '${quoted(option)}'`;
export const noGroupForKey = (group: string, key: string): string =>
  `NOGROUP No such consumer group '${quoted(group)}' for key name '${quoted(key)}'`;
export const noKeyOrGroup = (key: string, group: string): string =>
  `NOGROUP No such key '${quoted(key)}' or consumer group '${quoted(group)}'`;
export const noKeyOrGroupInXreadgroup = (key: string, group: string): string =>
  `NOGROUP No such key '${quoted(key)}' or consumer group '${quoted(group)}' in XREADGROUP with GROUP option`;

// Sorted set commands (ZADD ZRANGE ZUNIONSTORE ...).
export const ERR_ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible';
export const ERR_ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ERR_ZADD_INCR_PAIRS = 'ERR INCR option supports a single increment-element pair';
export const ERR_ZSET_SCORE_NAN = 'ERR resulting score is not a number (NaN)';
export const ERR_ZSET_MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
export const ERR_ZSET_MIN_MAX_NOT_LEX = 'ERR min or max not valid string range item';
export const ERR_ZRANGE_LIMIT_BY_RANK = 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ERR_ZRANGE_WITHSCORES_BYLEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const ERR_ZSET_WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
export const zsetNeedsInputKey = (command: string): string => `ERR at least 1 input key is needed for '${command}' command`;
export const ERR_SORT_SCORE_NOT_DOUBLE = "ERR One or more scores can't be converted into double";
export const geoInvalidPair = (longitude: string, latitude: string): string => `ERR invalid longitude,latitude pair ${longitude},${latitude}`;
export const ERR_GEO_UNSUPPORTED_UNIT = 'ERR unsupported unit provided. please use M, KM, FT, MI';
export const ERR_GEO_NEED_NUMERIC_RADIUS = 'ERR need numeric radius';
export const ERR_GEO_NEGATIVE_RADIUS = 'ERR radius cannot be negative';
export const ERR_GEO_NEED_NUMERIC_WIDTH = 'ERR need numeric width';
export const ERR_GEO_NEED_NUMERIC_HEIGHT = 'ERR need numeric height';
export const ERR_GEO_NEGATIVE_BOX = 'ERR height or width cannot be negative';
export const ERR_GEO_MEMBER_NOT_FOUND = 'ERR could not decode requested zset member';
export const ERR_GEO_COUNT_NOT_POSITIVE = 'ERR COUNT must be > 0';
export const ERR_GEO_ANY_NEEDS_COUNT = 'ERR the ANY argument requires COUNT argument';
export const ERR_GEORADIUS_STORE_INCOMPATIBLE = 'ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options';
export const ERR_GEOSEARCHSTORE_INCOMPATIBLE = 'ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options';
export const geoNeedsOneFrom = (command: string): string => `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${command}`;
export const geoNeedsOneBy = (command: string): string => `ERR exactly one of BYRADIUS and BYBOX can be specified for ${command}`;

// Transactions.
export const ERR_MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const ERR_EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const ERR_DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const ERR_WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';
export const ERR_EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';

// The REST front end (Upstash REST API). Texts of our own where Upstash's are not known.
export const ERR_REST_UNAUTHORIZED = 'WRONGPASS invalid or missing auth token';
export const ERR_REST_MAX_REQUEST_SIZE = 'ERR max request size exceeded';
export function restNoPermission(fullName: string): string {
  return `NOPERM this user has no permissions to run the '${fullName}' command`;
}
export function restUnsupported(name: string, why: string): string {
  return `ERR '${name}' is not supported over REST: ${why}`;
}

// Pub/sub and MONITOR.
export const subscribedModeError = (fullName: string): string =>
  `ERR Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
export const ERR_REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
export const denyBlockingError = (command: string): string => `ERR ${command} isn't allowed for a DENY BLOCKING client`;
export const ERR_MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";

// Hash field expiration (Redis 7.4 / 8.0: HEXPIRE HTTL HPERSIST HGETDEL HGETEX HSETEX).
export const ERR_FIELDS_KEYWORD_MISSING = 'ERR Mandatory argument FIELDS is missing or not at the right position';
export const ERR_NUMFIELDS_NOT_POSITIVE = 'ERR Number of fields must be a positive integer';
export const ERR_NUMFIELDS_NOT_GREATER_THAN_ZERO = 'ERR Parameter `numFields` should be greater than 0';
export const ERR_NUMFIELDS_MISMATCH = 'ERR The `numfields` parameter must match the number of arguments';
export const ERR_FIELD_EXPIRE_NEGATIVE = 'ERR invalid expire time, must be >= 0';
export const ERR_HSETEX_NUMFIELDS = 'ERR invalid number of fields';
export const ERR_MISSING_EXPIRE_TIME = 'ERR missing expire time';
export const ERR_FNX_FXX_EXCLUSIVE = 'ERR Only one of FXX or FNX arguments can be specified';
export const ERR_FIELD_EXPIRATION_EXCLUSIVE = 'ERR Only one of EX, PX, EXAT, PXAT or KEEPTTL arguments can be specified';
export const unknownArgument = (argument: string): string => `ERR unknown argument: ${argument}`;

// Persistence.
export const ERR_BGSAVE_IN_PROGRESS = 'ERR Background save already in progress';
/** Redis's shared.err: the bare error SAVE answers when the file could not be written. */
export const ERR_BARE = 'ERR';
export const ERR_BUSYKEY = 'BUSYKEY Target key name already exists.';
export const ERR_RESTORE_PAYLOAD = 'ERR DUMP payload version or checksum are wrong';
export const ERR_RESTORE_BAD_FORMAT = 'ERR Bad data format';
export const ERR_RESTORE_INVALID_TTL = 'ERR Invalid TTL value, must be >= 0';
export const ERR_RESTORE_INVALID_IDLETIME = 'ERR Invalid IDLETIME value, must be >= 0';
export const ERR_RESTORE_INVALID_FREQ = 'ERR Invalid FREQ value, must be >= 0 and <= 255';
export const ERR_AOF_REWRITE_IN_PROGRESS = 'ERR Background append only file rewriting already in progress';
export const ERR_BGSAVE_AOF_REWRITE_ACTIVE = "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
/** Writes are refused after the AOF could not be written (Redis's -MISCONF for AOF errors). */
export const aofWriteErrorRefusal = (reason: string): string => `MISCONF Errors writing to the AOF file: ${reason}`;

// Gateway mode (an upstream Redis behind the REST front end).
export const ERR_CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
export function upstreamUnavailable(upstream: string, why: string): string {
  return `ERR upstream ${upstream} unavailable: ${why}`;
}
export function upstreamTimeout(upstream: string, timeoutMs: number): string {
  return `ERR upstream ${upstream} did not answer within ${timeoutMs} ms`;
}

/** Commands without the `loading` flag while the dataset is still being loaded at startup. */
export const ERR_LOADING = 'LOADING Redis is loading the dataset in memory';
