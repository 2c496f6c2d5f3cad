/*
 * The bridge between Restis (JavaScript) and the Lua 5.1 interpreter Redis embeds.
 *
 * JavaScript owns everything Redis-specific that is not about Lua values: command execution,
 * error texts, SHA1, logging. This file owns the Lua side: the sandbox, the `redis` table,
 * compiled scripts kept by name, running a script as a coroutine that a count hook can
 * suspend (so a long script lets the server answer -BUSY and SCRIPT KILL), and converting
 * values both ways with a small tagged binary format that JavaScript reads and writes.
 *
 * Tagged format (little endian), shared with src/scripting/lua-values.ts:
 *   'n' f64 number     's' u32 len, bytes: bulk string    'N' null bulk     'A' null array
 *   '+' status          '-' error                          '*' u32 count, items
 *   '%' u32 pairs, items '~' u32 count, items               ',' f64 double    '#' u8 bool
 *   '(' big number       '=' 3 format bytes, then a string  '_' RESP3 null
 *   'e' error already counted in the error statistics (a command's error a script passes on)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <math.h>
#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"
#include "lstate.h"

/* Compiled as C++ (see build.sh), so what crosses to JavaScript keeps its plain C name. */
#define EXPORT extern "C" __attribute__((visibility("default"), used))
#define IMPORT(name) extern "C" __attribute__((import_module("env"), import_name(name)))

/* mode: 0 redis.call, 1 redis.pcall, 2 redis.acl_check_cmd. Returns the reply area (see rl_reply_area)
 * holding [u32 len][tagged value]. */
IMPORT("host_call") uint8_t *host_call(int vm, int mode, int resp, const uint8_t *argv, int argv_len);
IMPORT("host_log") void host_log(int level, const char *text, int len);
/* 0 go on, 1 suspend (the server has work to do), 2 kill the script. */
IMPORT("host_tick") int host_tick(void);
IMPORT("host_sha1hex") void host_sha1hex(const char *text, int len, char *out40);
/* The process's CPU time in seconds: os.clock. (clock() would overflow wasm32's 32-bit clock_t.) */
IMPORT("host_cpu_seconds") double host_cpu_seconds(void);

LUALIB_API int luaopen_cjson(lua_State *L);
LUALIB_API int luaopen_struct(lua_State *L);
LUALIB_API int luaopen_cmsgpack(lua_State *L);
LUALIB_API int luaopen_bit(lua_State *L);

enum { VM_EVAL = 0, VM_FUNCTION = 1, VM_COUNT = 2 };
enum { RUN_DONE = 0, RUN_SUSPENDED = 1, RUN_ERROR = 2 };
#define HOOK_EVERY 100000

static lua_State *vms[VM_COUNT];
static lua_State *spare[VM_COUNT];   /* a finished coroutine, resumable again with a new function */
static int spare_ref[VM_COUNT] = { LUA_NOREF, LUA_NOREF };
static int resp_version = 2;
static int loading_library = 0;
static int running_vm = -1;
static lua_State *running;      /* the coroutine of the script in progress */

/* ---------- growable byte buffers ---------- */

typedef struct { uint8_t *data; size_t len, cap; } Buf;
static Buf out;   /* results handed to JavaScript */
static Buf in;    /* inputs written by JavaScript */
static Buf args;  /* argv of redis.call */

static void buf_reserve(Buf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra) cap *= 2;
  b->data = (uint8_t *)realloc(b->data, cap);
  b->cap = cap;
}
static void buf_put(Buf *b, const void *p, size_t n) { buf_reserve(b, n); memcpy(b->data + b->len, p, n); b->len += n; }
static void buf_u8(Buf *b, uint8_t v) { buf_put(b, &v, 1); }
static void buf_u32(Buf *b, uint32_t v) { buf_put(b, &v, 4); }
static void buf_f64(Buf *b, double v) { buf_put(b, &v, 8); }
static void buf_str(Buf *b, uint8_t tag, const char *s, size_t n) { buf_u8(b, tag); buf_u32(b, (uint32_t)n); buf_put(b, s, n); }
/* Status, error and big number texts cannot carry a line break on the wire. */
static void buf_line(Buf *b, uint8_t tag, const char *s, size_t n) {
  size_t at = b->len + 5;
  buf_str(b, tag, s, n);
  for (size_t i = 0; i < n; i++) if (b->data[at + i] == '\r' || b->data[at + i] == '\n') b->data[at + i] = ' ';
}

EXPORT uint8_t *rl_input(int size) { in.len = 0; buf_reserve(&in, (size_t)size); return in.data; }
static Buf reply_area;
/* Where JavaScript writes a command's reply for redis.call; reused, grown on demand. */
EXPORT uint8_t *rl_reply_area(int size) { reply_area.len = 0; buf_reserve(&reply_area, (size_t)size); return reply_area.data; }
EXPORT uint8_t *rl_output(void) { return out.data; }
EXPORT int rl_output_length(void) { return (int)out.len; }
EXPORT void *rl_malloc(int size) { return malloc((size_t)size); }
EXPORT void rl_free(void *p) { free(p); }

static uint32_t read_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* ---------- the deterministic PRNG scripts see (48-bit linear congruential, as rand48) ---------- */

static uint64_t rand48_state = 0x1234ABCD330EULL;
static int32_t rand48_next(void) {
  rand48_state = (rand48_state * 0x5DEECE66DULL + 0xB) & 0xFFFFFFFFFFFFULL;
  return (int32_t)(rand48_state >> 17);
}
static void rand48_seed(int32_t seed) { rand48_state = (((uint64_t)(uint32_t)seed) << 16 | 0x330E) & 0xFFFFFFFFFFFFULL; }

static int os_clock(lua_State *L) {
  lua_pushnumber(L, host_cpu_seconds());
  return 1;
}

static int math_random(lua_State *L) {
  lua_Number r = (lua_Number)(rand48_next() % 2147483647) / (lua_Number)2147483647;
  switch (lua_gettop(L)) {
    case 0: lua_pushnumber(L, r); break;
    case 1: {
      int u = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= u, 1, "interval is empty");
      lua_pushnumber(L, floor(r * u) + 1);
      break;
    }
    case 2: {
      int l = luaL_checkint(L, 1), u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      lua_pushnumber(L, floor(r * (u - l + 1)) + l);
      break;
    }
    default: return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}
static int math_randomseed(lua_State *L) { rand48_seed(luaL_checkint(L, 1)); return 0; }

/* ---------- Lua value -> tagged format (a script's result) ---------- */

static void push_error_table(lua_State *L, const char *text, size_t len);
static void push_error_table_coded(lua_State *L, const char *text, size_t len, int coded);

static int encode_value(lua_State *L, Buf *b, int depth);

static int raw_field(lua_State *L, const char *name) {
  lua_pushstring(L, name);
  lua_rawget(L, -2);
  return lua_type(L, -1);
}

/* Encodes the value on top of the stack and pops it. */
static int encode_value(lua_State *L, Buf *b, int depth) {
  if (depth > 1000 || !lua_checkstack(L, 4)) { lua_pop(L, 1); return -1; }
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: { size_t n; const char *s = lua_tolstring(L, -1, &n); buf_str(b, 's', s, n); break; }
    case LUA_TBOOLEAN:
      if (resp_version == 3) { buf_u8(b, '#'); buf_u8(b, (uint8_t)lua_toboolean(L, -1)); }
      else if (lua_toboolean(L, -1)) { buf_u8(b, 'n'); buf_f64(b, 1); }
      else buf_u8(b, '_');
      break;
    case LUA_TNUMBER: buf_u8(b, 'i'); buf_f64(b, lua_tonumber(L, -1)); break;
    case LUA_TTABLE: {
      if (raw_field(L, "err") == LUA_TSTRING) {
        lua_pop(L, 1);
        int counted = raw_field(L, "ignore_error_stats_update") == LUA_TBOOLEAN && lua_toboolean(L, -1);
        lua_pop(L, 1);
        raw_field(L, "err");
        size_t n; const char *s = lua_tolstring(L, -1, &n);
        buf_line(b, counted ? 'e' : '-', s, strlen(s) < n ? strlen(s) : n);
        lua_pop(L, 2); return 0;
      }
      lua_pop(L, 1);
      if (raw_field(L, "ok") == LUA_TSTRING) {
        const char *s = lua_tostring(L, -1);
        buf_line(b, '+', s, strlen(s));
        lua_pop(L, 2); return 0;
      }
      lua_pop(L, 1);
      if (raw_field(L, "double") == LUA_TNUMBER) { buf_u8(b, ','); buf_f64(b, lua_tonumber(L, -1)); lua_pop(L, 2); return 0; }
      lua_pop(L, 1);
      if (raw_field(L, "big_number") == LUA_TSTRING) {
        size_t n; const char *s = lua_tolstring(L, -1, &n);
        buf_line(b, '(', s, n);
        lua_pop(L, 2); return 0;
      }
      lua_pop(L, 1);
      if (raw_field(L, "verbatim_string") == LUA_TTABLE) {
        if (raw_field(L, "format") == LUA_TSTRING) {
          const char *format = lua_tostring(L, -1);
          lua_pushstring(L, "string");
          lua_rawget(L, -3);
          if (lua_type(L, -1) == LUA_TSTRING) {
            size_t n; const char *s = lua_tolstring(L, -1, &n);
            char f[3]; size_t fl = strlen(format);
            for (int i = 0; i < 3; i++) f[i] = i < (int)fl ? format[i] : ' ';
            buf_u8(b, '='); buf_put(b, f, 3); buf_u32(b, (uint32_t)n); buf_put(b, s, n);
            lua_pop(L, 4); return 0;
          }
          lua_pop(L, 1);
        }
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
      if (raw_field(L, "map") == LUA_TTABLE) {
        size_t at = b->len + 1; uint32_t pairs = 0;
        buf_u8(b, '%'); buf_u32(b, 0);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          lua_pushvalue(L, -2);
          if (encode_value(L, b, depth + 1) || encode_value(L, b, depth + 1)) { lua_pop(L, 3); return -1; }
          pairs++;
        }
        memcpy(b->data + at, &pairs, 4);
        lua_pop(L, 2); return 0;
      }
      lua_pop(L, 1);
      if (raw_field(L, "set") == LUA_TTABLE) {
        size_t at = b->len + 1; uint32_t count = 0;
        buf_u8(b, '~'); buf_u32(b, 0);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          lua_pop(L, 1);
          lua_pushvalue(L, -1);
          if (encode_value(L, b, depth + 1)) { lua_pop(L, 2); return -1; }
          count++;
        }
        memcpy(b->data + at, &count, 4);
        lua_pop(L, 2); return 0;
      }
      lua_pop(L, 1);
      size_t at = b->len + 1; uint32_t count = 0;
      buf_u8(b, '*'); buf_u32(b, 0);
      for (int j = 1;; j++) {
        lua_pushnumber(L, j);
        lua_rawget(L, -2);
        if (lua_isnil(L, -1)) { lua_pop(L, 1); break; }
        if (encode_value(L, b, depth + 1)) { lua_pop(L, 1); return -1; }
        count++;
      }
      memcpy(b->data + at, &count, 4);
      break;
    }
    default: buf_u8(b, '_');
  }
  lua_pop(L, 1);
  return 0;
}

/* ---------- tagged format -> Lua value (a command's reply) ---------- */

static const uint8_t *decode_value(lua_State *L, const uint8_t *p) {
  lua_checkstack(L, 4);
  uint8_t tag = *p++;
  switch (tag) {
    case 'n': { double d; memcpy(&d, p, 8); lua_pushnumber(L, d); return p + 8; }
    case 's': { uint32_t n = read_u32(p); lua_pushlstring(L, (const char *)p + 4, n); return p + 4 + n; }
    case 'N': case 'A': lua_pushboolean(L, 0); return p;
    case '_': lua_pushnil(L); return p;
    case '+': case '-': case '(': {
      uint32_t n = read_u32(p);
      if (tag == '-') { push_error_table_coded(L, (const char *)p + 4, n, 1); return p + 4 + n; }
      lua_newtable(L);
      lua_pushstring(L, tag == '+' ? "ok" : "big_number");
      lua_pushlstring(L, (const char *)p + 4, n);
      lua_settable(L, -3);
      return p + 4 + n;
    }
    case ',': {
      double d; memcpy(&d, p, 8);
      lua_newtable(L); lua_pushstring(L, "double"); lua_pushnumber(L, d); lua_settable(L, -3);
      return p + 8;
    }
    case '#': lua_pushboolean(L, *p); return p + 1;
    case '=': {
      uint32_t n = read_u32(p + 3);
      lua_newtable(L);
      lua_pushstring(L, "verbatim_string");
      lua_newtable(L);
      lua_pushstring(L, "format"); lua_pushlstring(L, (const char *)p, 3); lua_settable(L, -3);
      lua_pushstring(L, "string"); lua_pushlstring(L, (const char *)p + 7, n); lua_settable(L, -3);
      lua_settable(L, -3);
      return p + 7 + n;
    }
    case '*': {
      uint32_t n = read_u32(p); p += 4;
      lua_createtable(L, (int)n, 0);
      for (uint32_t i = 1; i <= n; i++) { p = decode_value(L, p); lua_rawseti(L, -2, (int)i); }
      return p;
    }
    case '%': case '~': {
      uint32_t n = read_u32(p); p += 4;
      lua_newtable(L);
      lua_pushstring(L, tag == '%' ? "map" : "set");
      lua_newtable(L);
      for (uint32_t i = 0; i < n; i++) {
        p = decode_value(L, p);
        if (tag == '%') p = decode_value(L, p); else lua_pushboolean(L, 1);
        lua_settable(L, -3);
      }
      lua_settable(L, -3);
      return p;
    }
  }
  lua_pushnil(L);
  return p;
}

/* ---------- the redis table ---------- */

/* {err = "CODE message"}: a message starting with '-' names its code, otherwise the code is ERR. */
static void push_error_table_coded(lua_State *L, const char *text, size_t len, int coded) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  const char *msg = text;
  size_t msg_len = len;
  if (coded) {
    const char *space = (const char *)memchr(text, ' ', len);
    if (space == NULL) { luaL_addstring(&b, "ERR"); }
    else { luaL_addlstring(&b, text, (size_t)(space - text)); msg = space + 1; msg_len = len - (size_t)(space - text) - 1; }
  } else {
    luaL_addstring(&b, "ERR");
  }
  while (msg_len > 0 && (msg[msg_len - 1] == '\r' || msg[msg_len - 1] == '\n')) msg_len--;
  luaL_addchar(&b, ' ');
  luaL_addlstring(&b, msg, msg_len);
  lua_newtable(L);
  lua_pushstring(L, "err");
  luaL_pushresult(&b);
  lua_settable(L, -3);
}

static void push_error_table(lua_State *L, const char *text, size_t len) {
  if (len > 0 && text[0] == '-') push_error_table_coded(L, text + 1, len - 1, 1);
  else push_error_table_coded(L, text, len, 0);
}

static void push_error_text(lua_State *L, const char *text) { push_error_table(L, text, strlen(text)); }

/*
 * redis.call's arguments that are short Lua strings get a slot of a direct-mapped cache (by the
 * string's address) when they cross; while the string keeps its slot only the slot number
 * crosses, and JavaScript hands the command the same string object it made the first time (no
 * copy, and Map lookups find its hash already computed). A table per interpreter holds the
 * strings in their slots, so an address in `arg_slots` always names a live string.
 * Item headers: bit 31 a known slot (slot in the low bits); bit 30 the bytes follow and take slot
 * (bits 8-29), length in bits 0-7; else a plain length, then the bytes.
 */
#define ARG_CACHE_SLOTS 2048
#define ARG_CACHE_MAX_LENGTH 64
static int arg_cache_ref[VM_COUNT] = { LUA_NOREF, LUA_NOREF };
static const char *arg_slots[VM_COUNT][ARG_CACHE_SLOTS];

static void arg_cache_init(int vm) {
  lua_createtable(vms[vm], ARG_CACHE_SLOTS, 0);
  arg_cache_ref[vm] = luaL_ref(vms[vm], LUA_REGISTRYINDEX);
  memset(arg_slots[vm], 0, sizeof arg_slots[vm]);
}

/* A number argument as Redis's "%.17g"; integers (most of them) without printf. */
static size_t format_number(char *out, size_t size, double d) {
  if (d >= -1e15 && d <= 1e15 && d == (double)(long long)d && !(d == 0 && signbit(d))) {
    long long v = (long long)d;
    char digits[24]; int k = 0;
    unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
    do { digits[k++] = (char)('0' + u % 10); u /= 10; } while (u);
    size_t n = 0;
    if (v < 0) out[n++] = '-';
    while (k) out[n++] = digits[--k];
    return n;
  }
  return (size_t)snprintf(out, size, "%.17g", d);
}

static int vm_of(lua_State *L) { return G(L) == G(vms[VM_FUNCTION]) ? VM_FUNCTION : VM_EVAL; }

static int redis_command(lua_State *L, int mode) {
  int argc = lua_gettop(L);
  if (running_vm < 0) {
    push_error_text(L, "redis.call/pcall can only be called inside a script invocation");
    return lua_error(L);
  }
  if (loading_library) {
    /* A library's code runs before any call may: Redis's load-time redis table has no call/pcall. */
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", mode == 1 ? "pcall" : "call");
  }
  if (argc == 0) {
    push_error_text(L, "Please specify at least one argument for this redis lib call");
    return mode == 1 ? 1 : lua_error(L);
  }
  int vm = vm_of(L);
  args.len = 0;
  buf_u32(&args, (uint32_t)argc);
  lua_rawgeti(L, LUA_REGISTRYINDEX, arg_cache_ref[vm]);
  int cache = argc + 1;
  for (int j = 1; j <= argc; j++) {
    char number[64];
    const char *s; size_t n;
    int type = lua_type(L, j);
    if (type == LUA_TNUMBER) {
      n = format_number(number, sizeof number, (double)lua_tonumber(L, j));
      s = number;
    } else {
      s = type == LUA_TSTRING ? lua_tolstring(L, j, &n) : NULL;
      if (s == NULL) {
        lua_settop(L, 0);
        push_error_text(L, "Lua redis lib command arguments must be strings or integers");
        return mode == 1 ? 1 : lua_error(L);
      }
      if (n <= ARG_CACHE_MAX_LENGTH) {
        uint32_t slot = (uint32_t)(((uintptr_t)s >> 3) ^ ((uintptr_t)s >> 14)) & (ARG_CACHE_SLOTS - 1);
        if (arg_slots[vm][slot] == s) { buf_u32(&args, 0x80000000u | slot); continue; }
        arg_slots[vm][slot] = s;
        lua_pushvalue(L, j);
        lua_rawseti(L, cache, (int)slot + 1);
        buf_u32(&args, 0x40000000u | (slot << 8) | (uint32_t)n);
        buf_put(&args, s, n);
        continue;
      }
    }
    buf_u32(&args, (uint32_t)n);
    buf_put(&args, s, n);
  }
  lua_settop(L, 0);
  uint8_t *reply = host_call(vm, mode, resp_version, args.data, (int)args.len);
  int failed = reply[4] == '-';
  decode_value(L, reply + 4);
  /* The server counted a command's error when it happened: the reply must not count it again,
   * whether the script raises it (call) or returns it (pcall). acl_check_cmd's error is the script's own. */
  if (failed && mode != 2) {
    lua_pushstring(L, "ignore_error_stats_update");
    lua_pushboolean(L, 1);
    lua_settable(L, -3);
  }
  if (failed && mode != 1) return lua_error(L);
  return 1;
}
static int redis_call(lua_State *L) { return redis_command(L, 0); }
static int redis_pcall(lua_State *L) { return redis_command(L, 1); }
static int redis_acl_check_cmd(lua_State *L) { return redis_command(L, 2); }

static int reply_table(lua_State *L, const char *field) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error_text(L, "wrong number or type of arguments");
    return 1;
  }
  lua_newtable(L);
  lua_pushstring(L, field);
  lua_pushvalue(L, -3);
  lua_settable(L, -3);
  return 1;
}
static int redis_status_reply(lua_State *L) { return reply_table(L, "ok"); }
static int redis_error_reply(lua_State *L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    push_error_text(L, "wrong number or type of arguments");
    return 1;
  }
  size_t n; const char *s = lua_tolstring(L, 1, &n);
  if (n > 0 && s[0] == '-') { push_error_table(L, s, n); return 1; }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addchar(&b, '-');
  luaL_addlstring(&b, s, n);
  luaL_pushresult(&b);
  size_t m; const char *t = lua_tolstring(L, -1, &m);
  push_error_table(L, t, m);
  return 1;
}

static int redis_log(lua_State *L) {
  int argc = lua_gettop(L);
  /* Error tables, not luaL_error: Redis's messages for these carry no "file:line:" prefix. */
  if (argc < 2) { push_error_text(L, "redis.log() requires two arguments or more."); return lua_error(L); }
  if (!lua_isnumber(L, 1)) { push_error_text(L, "First argument must be a number (log level)."); return lua_error(L); }
  int level = (int)lua_tonumber(L, 1);
  if (level < 0 || level > 3) { push_error_text(L, "Invalid debug level."); return lua_error(L); }
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int j = 2; j <= argc; j++) {
    size_t n; const char *s = lua_tolstring(L, j, &n);
    if (s == NULL) continue;
    if (j > 2) luaL_addchar(&b, ' ');
    luaL_addlstring(&b, s, n);
  }
  luaL_pushresult(&b);
  size_t n; const char *s = lua_tolstring(L, -1, &n);
  host_log(level, s, (int)n);
  return 0;
}

static int redis_sha1hex(lua_State *L) {
  if (lua_gettop(L) != 1) { push_error_text(L, "wrong number of arguments"); return lua_error(L); }
  size_t n; const char *s = lua_tolstring(L, 1, &n);
  char digest[40];
  host_sha1hex(s ? s : "", s ? (int)n : 0, digest);
  lua_pushlstring(L, digest, 40);
  return 1;
}

static int redis_setresp(lua_State *L) {
  if (running_vm < 0) { push_error_text(L, "redis.setresp can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) != 1) { push_error_text(L, "redis.setresp() requires one argument."); return lua_error(L); }
  int resp = (int)lua_tonumber(L, -1);
  if (resp != 2 && resp != 3) { push_error_text(L, "RESP version must be 2 or 3."); return lua_error(L); }
  resp_version = resp;
  return 0;
}

static int redis_set_repl(lua_State *L) {
  if (running_vm < 0) { push_error_text(L, "redis.set_repl can only be called inside a script invocation"); return lua_error(L); }
  if (lua_gettop(L) != 1) { push_error_text(L, "redis.set_repl() requires two arguments."); return lua_error(L); }
  int flags = (int)lua_tonumber(L, -1);
  if ((flags & ~3) != 0) { push_error_text(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."); return lua_error(L); }
  return 0;
}
static int redis_true(lua_State *L) { lua_pushboolean(L, 1); return 1; }
static int redis_false(lua_State *L) { lua_pushboolean(L, 0); return 1; }
static int redis_nothing(lua_State *L) { (void)L; return 0; }

/* A Lua pcall that hands back the message of an error table, as Lua code before Redis 7 saw it. */
/* coroutine.yield. The script itself runs as a coroutine here (for the count hook); in Redis it
 * does not, so yielding from the script's own level is the error Lua gives outside a coroutine. */
static int coroutine_yield(lua_State *L) {
  if (L == running) {
    lua_pushstring(L, "attempt to yield across metamethod/C-call boundary");
    return lua_error(L);
  }
  return lua_yield(L, lua_gettop(L));
}

/* coroutine.running: nil at the script's own level, as on Lua's main thread where Redis runs scripts. */
static int coroutine_running(lua_State *L) {
  if (L == running) lua_pushnil(L); else lua_pushthread(L);
  return 1;
}

static int lua_pcall_compat(lua_State *L) {
  int argc = lua_gettop(L);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  if (lua_pcall(L, argc - 1, LUA_MULTRET, 0)) {
    lua_remove(L, 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1)) lua_replace(L, -2); else lua_pop(L, 1);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

/* ---------- FUNCTION libraries ---------- */

static int register_function(lua_State *L) {
  if (!loading_library) {
    push_error_text(L, "redis.register_function can only be called on FUNCTION LOAD command");
    return lua_error(L);
  }
  /* registry.pending[#pending+1] = {name, callback, flags-table-or-nil, has-table-form} */
  lua_getfield(L, LUA_REGISTRYINDEX, "pending");
  int pending = lua_gettop(L);
  lua_newtable(L);
  if (lua_gettop(L) - 2 == 1 && !lua_istable(L, 1)) {
    push_error_text(L, "calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
    return lua_error(L);
  }
  if (lua_gettop(L) - 2 == 1) {
    /* register_function{function_name=..., callback=..., flags=..., description=...} */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
      if (lua_type(L, -2) != LUA_TSTRING) { push_error_text(L, "named argument key given to redis.register_function is not a string"); return lua_error(L); }
      const char *key = lua_tostring(L, -2);
      if (strcmp(key, "function_name") == 0) lua_rawseti(L, -2 - 1, 1);
      else if (strcmp(key, "callback") == 0) lua_rawseti(L, -2 - 1, 2);
      else if (strcmp(key, "flags") == 0) lua_rawseti(L, -2 - 1, 3);
      else if (strcmp(key, "description") == 0) lua_rawseti(L, -2 - 1, 4);
      else { push_error_text(L, "unknown argument given to redis.register_function"); return lua_error(L); }
    }
    lua_pushboolean(L, 1); lua_rawseti(L, -2, 5);
  } else {
    if (pending - 1 != 2) { push_error_text(L, "wrong number of arguments to redis.register_function"); return lua_error(L); }
    lua_pushvalue(L, 1); lua_rawseti(L, -2, 1);
    lua_pushvalue(L, 2); lua_rawseti(L, -2, 2);
  }
  lua_rawseti(L, pending, (int)lua_objlen(L, pending) + 1);
  return 0;
}

/* ---------- state setup ---------- */

static void set_global_raw(lua_State *L, const char *name) {
  lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 0);
  lua_setglobal(L, name);
  lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
}

static int missing_global(lua_State *L) {
  const char *name = lua_tostring(L, 2);
  return luaL_error(L, "Script attempted to access nonexistent global variable '%s'", name ? name : "?");
}

static void protect_recursively(lua_State *L) {
  if (lua_isreadonlytable(L, -1)) return;
  lua_enablereadonlytable(L, -1, 1);
  lua_checkstack(L, 2);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    if (lua_istable(L, -1)) protect_recursively(L);
    lua_pop(L, 1);
  }
  if (lua_getmetatable(L, -1)) { protect_recursively(L); lua_pop(L, 1); }
}

static void set_field_number(lua_State *L, const char *name, double v) { lua_pushnumber(L, v); lua_setfield(L, -2, name); }
static void set_field_function(lua_State *L, const char *name, lua_CFunction f) { lua_pushcfunction(L, f); lua_setfield(L, -2, name); }

static void open_lib(lua_State *L, const char *name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_pushstring(L, name);
  lua_call(L, 1, 0);
}

/* redis.log, its LOG_* levels and the version: the part of the redis table library code sees while it loads too. */
static void set_log_and_version(lua_State *L, const char *version, int version_num) {
  set_field_function(L, "log", redis_log);
  set_field_number(L, "LOG_DEBUG", 0);
  set_field_number(L, "LOG_VERBOSE", 1);
  set_field_number(L, "LOG_NOTICE", 2);
  set_field_number(L, "LOG_WARNING", 3);
  lua_pushstring(L, version);
  lua_setfield(L, -2, "REDIS_VERSION");
  set_field_number(L, "REDIS_VERSION_NUM", version_num);
}

/* A table whose missing fields raise Redis's "nonexistent global variable" error. */
static void set_missing_metatable(lua_State *L) {
  lua_newtable(L);
  lua_pushcfunction(L, missing_global);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
}

/*
 * FUNCTION libraries see two sets of globals, as in Redis: while a library's code loads, only a
 * `redis` table with register_function, log, the LOG_* levels and the version; when its functions
 * run, everything scripts see. The globals table itself stays empty: its metatable's __index names
 * one set or the other (registry "load_api" / "run_api"), so closures made while loading see the
 * full set later.
 */
static void split_function_globals(lua_State *L, const char *version, int version_num) {
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_setfield(L, LUA_REGISTRYINDEX, "run_api");
  lua_newtable(L);
  lua_newtable(L);
  set_field_function(L, "register_function", register_function);
  set_log_and_version(L, version, version_num);
  set_missing_metatable(L);
  lua_setfield(L, -2, "redis");
  set_missing_metatable(L);
  protect_recursively(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "load_api");
  lua_newtable(L);
  lua_newtable(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "run_api");
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  lua_replace(L, LUA_GLOBALSINDEX);
  lua_enablereadonlytable(L, LUA_GLOBALSINDEX, 1);
}

/* Points the function interpreter's globals at "load_api" or "run_api". */
static void use_function_globals(lua_State *L, const char *which) {
  lua_getmetatable(L, LUA_GLOBALSINDEX);
  lua_getfield(L, LUA_REGISTRYINDEX, which);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}

/*
 * Lua's allocator. Blocks of up to POOL_MAX bytes come from free lists by size class: Lua tells the
 * old size when it frees or resizes a block, so no header is needed, and the many short-lived
 * strings, tables and closures of a script cost a list push and pop instead of dlmalloc's bin
 * management (which took about a tenth of the server's time running BullMQ's scripts). Pooled
 * memory is reused, never returned. Larger blocks go to malloc.
 */
#define POOL_GRAIN 16
#define POOL_MAX 256
#define POOL_CHUNK (64 * 1024)
static void *pool_lists[POOL_MAX / POOL_GRAIN + 1];
static char *pool_next = NULL;
static char *pool_end = NULL;

static inline size_t pool_class(size_t size) { return (size + POOL_GRAIN - 1) / POOL_GRAIN; }

static void *pool_take(size_t size) {
  size_t c = pool_class(size);
  void *block = pool_lists[c];
  if (block != NULL) {
    pool_lists[c] = *(void **)block;
    return block;
  }
  size_t bytes = c * POOL_GRAIN;
  if (pool_next == NULL || (size_t)(pool_end - pool_next) < bytes) {
    char *chunk = (char *)malloc(POOL_CHUNK);
    if (chunk == NULL) return NULL;
    /* The rest of the old chunk is not lost to a later, smaller request: it is put in a list. */
    while (pool_next != NULL && (size_t)(pool_end - pool_next) >= POOL_GRAIN) {
      size_t rest = (size_t)(pool_end - pool_next);
      size_t fit = rest >= POOL_MAX ? POOL_MAX : rest - rest % POOL_GRAIN;
      size_t k = fit / POOL_GRAIN;
      *(void **)pool_next = pool_lists[k];
      pool_lists[k] = pool_next;
      pool_next += fit;
    }
    pool_next = chunk;
    pool_end = chunk + POOL_CHUNK;
  }
  block = pool_next;
  pool_next += bytes;
  return block;
}

static inline void pool_give(void *block, size_t size) {
  size_t c = pool_class(size);
  *(void **)block = pool_lists[c];
  pool_lists[c] = block;
}

static void *lua_allocator(void *ud, void *block, size_t old_size, size_t new_size) {
  (void)ud;
  if (block == NULL) old_size = 0;
  if (new_size == 0) {
    if (block != NULL) {
      if (old_size <= POOL_MAX) pool_give(block, old_size); else free(block);
    }
    return NULL;
  }
  if (block == NULL) return new_size <= POOL_MAX ? pool_take(new_size) : malloc(new_size);
  if (old_size > POOL_MAX && new_size > POOL_MAX) return realloc(block, new_size);
  if (old_size <= POOL_MAX && new_size <= POOL_MAX && pool_class(old_size) == pool_class(new_size)) return block;
  void *moved = new_size <= POOL_MAX ? pool_take(new_size) : malloc(new_size);
  if (moved == NULL) return NULL;
  memcpy(moved, block, old_size < new_size ? old_size : new_size);
  if (old_size <= POOL_MAX) pool_give(block, old_size); else free(block);
  return moved;
}

static int lua_panic_handler(lua_State *L) {
  fprintf(stderr, "PANIC: unprotected error in call to Lua API (%s)\n", lua_tostring(L, -1));
  return 0;
}

static lua_State *new_state(int kind, const char *version, int version_num) {
  lua_State *L = lua_newstate(lua_allocator, NULL);
  lua_atpanic(L, lua_panic_handler);
  open_lib(L, "", luaopen_base);
  open_lib(L, LUA_TABLIBNAME, luaopen_table);
  open_lib(L, LUA_STRLIBNAME, luaopen_string);
  open_lib(L, LUA_MATHLIBNAME, luaopen_math);
  open_lib(L, "cjson", luaopen_cjson);
  open_lib(L, "struct", luaopen_struct);
  open_lib(L, "cmsgpack", luaopen_cmsgpack);
  open_lib(L, "bit", luaopen_bit);
  static const char *removed[] = { "loadfile", "dofile", "print", "setfenv", "getfenv", "newproxy", NULL };
  for (int i = 0; removed[i]; i++) { lua_pushnil(L); lua_setglobal(L, removed[i]); }

  /* os with only os.clock, as Redis 7.4 has it. */
  lua_newtable(L);
  set_field_function(L, "clock", os_clock);
  lua_setglobal(L, "os");

  lua_getglobal(L, "math");
  set_field_function(L, "random", math_random);
  set_field_function(L, "randomseed", math_randomseed);
  lua_pop(L, 1);

  lua_pushcfunction(L, lua_pcall_compat);
  lua_setglobal(L, "pcall");
  lua_getglobal(L, "coroutine");
  set_field_function(L, "yield", coroutine_yield);
  set_field_function(L, "running", coroutine_running);
  lua_pop(L, 1);

  lua_newtable(L);
  set_field_function(L, "call", redis_call);
  set_field_function(L, "pcall", redis_pcall);
  set_log_and_version(L, version, version_num);
  set_field_function(L, "setresp", redis_setresp);
  set_field_function(L, "sha1hex", redis_sha1hex);
  set_field_function(L, "error_reply", redis_error_reply);
  set_field_function(L, "status_reply", redis_status_reply);
  set_field_function(L, "set_repl", redis_set_repl);
  set_field_number(L, "REPL_NONE", 0);
  set_field_number(L, "REPL_AOF", 1);
  set_field_number(L, "REPL_SLAVE", 2);
  set_field_number(L, "REPL_REPLICA", 2);
  set_field_number(L, "REPL_ALL", 3);
  set_field_function(L, "replicate_commands", redis_true);
  set_field_function(L, "breakpoint", redis_false);
  set_field_function(L, "debug", redis_nothing);
  set_field_function(L, "acl_check_cmd", redis_acl_check_cmd);
  lua_setglobal(L, "redis");

  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "scripts");
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "pending");

  /* Reading a global that does not exist is an error; writing any global is refused. */
  lua_pushvalue(L, LUA_GLOBALSINDEX);
  lua_newtable(L);
  lua_pushcfunction(L, missing_global);
  lua_setfield(L, -2, "__index");
  lua_setmetatable(L, -2);
  protect_recursively(L);
  lua_pop(L, 1);
  /* The metatables of the basic types (the string library's, for one) are locked too. */
  lua_pushstring(L, "");
  if (lua_getmetatable(L, -1)) { protect_recursively(L); lua_pop(L, 1); }
  lua_pop(L, 1);
  if (kind == VM_FUNCTION) split_function_globals(L, version, version_num);
  return L;
}

static char version_text[32] = "7.0.15";
static int version_number = 0x07000f;

EXPORT void rl_init(int version_num) {
  version_number = version_num;
  snprintf(version_text, sizeof version_text, "%d.%d.%d", (version_num >> 16) & 255, (version_num >> 8) & 255, version_num & 255);
  for (int i = 0; i < VM_COUNT; i++) {
    if (vms[i]) lua_close(vms[i]);
    vms[i] = new_state(i, version_text, version_num);
    arg_cache_init(i);
  }
}

EXPORT void rl_reset(int vm) {
  spare[vm] = NULL;
  spare_ref[vm] = LUA_NOREF;
  if (vms[vm]) lua_close(vms[vm]);
  vms[vm] = new_state(vm, version_text, version_number);
  arg_cache_init(vm);
}

/* ---------- compiling ---------- */

/* Input: name bytes then source bytes. Stores the compiled chunk as scripts[name]; 0 on success,
 * else 1 with the compiler's message in the output. */
EXPORT int rl_compile(int vm, int name_len, int source_len, int function_chunk) {
  lua_State *L = vms[vm];
  const char *name = (const char *)in.data;
  const char *source = name + name_len;
  out.len = 0;
  if (luaL_loadbuffer(L, source, (size_t)source_len, function_chunk ? "@user_function" : "@user_script")) {
    size_t n; const char *msg = lua_tolstring(L, -1, &n);
    buf_put(&out, msg, n);
    lua_pop(L, 1);
    return 1;
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "scripts");
  lua_pushlstring(L, name, (size_t)name_len);
  lua_pushvalue(L, -3);
  lua_rawset(L, -3);
  lua_pop(L, 2);
  return 0;
}

EXPORT void rl_forget(int vm, int name_len) {
  lua_State *L = vms[vm];
  lua_getfield(L, LUA_REGISTRYINDEX, "scripts");
  lua_pushlstring(L, (const char *)in.data, (size_t)name_len);
  lua_pushnil(L);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* ---------- running ---------- */

static int runs_since_gc = 0;
static int first_resume_args = -1;
static int running_ref = LUA_NOREF;
static int killed = 0;

static void count_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  if (killed) {
    push_error_text(L, "Script killed by user with SCRIPT KILL...");
    lua_error(L);
    return;
  }
  int action = host_tick();
  if (action == 2) {
    killed = 1;
    /* Every line from now on, so a pcall in the script cannot swallow the kill for long. */
    lua_sethook(L, count_hook, LUA_MASKLINE, 0);
    push_error_text(L, "Script killed by user with SCRIPT KILL...");
    lua_error(L);
    return;
  }
  /* A hook may suspend the coroutine only when no C function (pcall, sort, gsub) is in between,
   * and only the script's own: a coroutine the script made would hand control back to the script. */
  if (action == 1 && L == running && L->nCcalls <= L->baseCcalls) lua_yield(L, 0);
}

static void finish_run(int reusable) {
  if (reusable && spare[running_vm] == NULL) {
    spare[running_vm] = running;
    spare_ref[running_vm] = running_ref;
  } else if (running_ref != LUA_NOREF) {
    luaL_unref(vms[running_vm], LUA_REGISTRYINDEX, running_ref);
  }
  running_ref = LUA_NOREF;
  running = NULL;
  running_vm = -1;
  killed = 0;
}

/* Output for an error: u32 line (0 = none; bit 31 set when the error was counted already, see
 * redis_command), u32 source length, source, then the message. */
static void encode_error(lua_State *co) {
  int line = 0;
  const char *source = "";
  lua_Debug ar;
  for (int level = 0; level < 2 && lua_getstack(co, level, &ar); level++) {
    lua_getinfo(co, "Sl", &ar);
    if (level == 0 && strcmp(ar.what, "C") == 0) continue;
    line = ar.currentline;
    source = ar.source;
    break;
  }
  const char *msg; size_t n;
  if (lua_istable(co, -1)) {
    lua_getfield(co, -1, "ignore_error_stats_update");
    uint32_t counted = lua_isboolean(co, -1) && lua_toboolean(co, -1) ? 0x80000000u : 0;
    lua_pop(co, 1);
    lua_getfield(co, -1, "err");
    msg = lua_tolstring(co, -1, &n);
    if (msg == NULL) { msg = ""; n = 0; }
    buf_u32(&out, (uint32_t)line | counted); buf_u32(&out, (uint32_t)strlen(source)); buf_put(&out, source, strlen(source));
    buf_put(&out, msg, n);
    lua_pop(co, 1);
  } else {
    msg = lua_tolstring(co, -1, &n);
    buf_u32(&out, (uint32_t)line); buf_u32(&out, (uint32_t)strlen(source)); buf_put(&out, source, strlen(source));
    buf_put(&out, "ERR ", 4);
    /* What Lua's tostring() makes of the error value, as Redis's error handler uses it. */
    char text[64];
    if (msg == NULL) {
      int type = lua_type(co, -1);
      if (type == LUA_TBOOLEAN) msg = lua_toboolean(co, -1) ? "true" : "false";
      else if (type == LUA_TNIL || type == LUA_TNONE) msg = "nil";
      else { snprintf(text, sizeof text, "%s: %p", lua_typename(co, type), lua_topointer(co, -1)); msg = text; }
      n = strlen(msg);
    }
    buf_put(&out, msg, n);
  }
}

static int resume(void) {
  lua_State *co = running;
  int narg = first_resume_args < 0 ? 0 : first_resume_args;
  first_resume_args = -1;
  int status = lua_resume(co, narg);
  out.len = 0;
  if (status == LUA_YIELD) return RUN_SUSPENDED;
  if (status == 0) {
    if (lua_gettop(co) == 0) lua_pushnil(co); else lua_settop(co, 1);
    if (encode_value(co, &out, 0) != 0) { out.len = 0; buf_line(&out, '-', "ERR reached lua stack limit", 27); }
    lua_settop(co, 0);
    /* A small collection step now and then keeps Lua from running a full cycle at a bad moment. */
    if (++runs_since_gc == 50) { lua_gc(vms[running_vm], LUA_GCSTEP, 50); runs_since_gc = 0; }
    finish_run(1);
    return RUN_DONE;
  }
  encode_error(co);
  finish_run(0);
  return RUN_ERROR;
}

static void push_array(lua_State *L, const uint8_t **p, uint32_t count) {
  lua_createtable(L, (int)count, 0);
  for (uint32_t i = 1; i <= count; i++) {
    uint32_t n = read_u32(*p);
    lua_pushlstring(L, (const char *)*p + 4, n);
    lua_rawseti(L, -2, (int)i);
    *p += 4 + n;
  }
}

/* Input: name, then keys and args as [u32 len][bytes]. mode bit 0: call as a function (keys and
 * args are arguments, not the KEYS/ARGV globals); bit 1: set the interrupt hook. */
EXPORT int rl_run(int vm, int name_len, int key_count, int arg_count, int mode) {
  lua_State *L = vms[vm];
  const uint8_t *p = in.data + name_len;
  resp_version = 2;
  killed = 0;
  running_vm = vm;
  lua_getfield(L, LUA_REGISTRYINDEX, "scripts");
  lua_pushlstring(L, (const char *)in.data, (size_t)name_len);
  lua_rawget(L, -2);
  lua_remove(L, -2);
  lua_State *co = spare[vm];
  if (co != NULL) {
    running_ref = spare_ref[vm];
    spare[vm] = NULL;
    spare_ref[vm] = LUA_NOREF;
  } else {
    co = lua_newthread(L);
    running_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  running = co;
  lua_xmove(L, co, 1);
  if (mode & 1) {
    push_array(co, &p, (uint32_t)key_count);
    push_array(co, &p, (uint32_t)arg_count);
  } else {
    push_array(L, &p, (uint32_t)key_count);
    set_global_raw(L, "KEYS");
    push_array(L, &p, (uint32_t)arg_count);
    set_global_raw(L, "ARGV");
  }
  lua_sethook(co, (mode & 2) ? count_hook : NULL, (mode & 2) ? LUA_MASKCOUNT : 0, HOOK_EVERY);
  first_resume_args = (mode & 1) ? 2 : 0;
  return resume();
}

EXPORT int rl_resume(void) { return running ? resume() : RUN_DONE; }

EXPORT void rl_abandon(void) { if (running) finish_run(0); }

/* ---------- FUNCTION LOAD ---------- */

/* Runs the compiled library chunk scripts[name] with register_function enabled. On success the
 * output lists the registered functions: u32 count, then for each: name, u32 flag count, flags,
 * description (each as [u32 len][bytes], description length 0xFFFFFFFF when absent), and the
 * callbacks are stored as scripts["<name>"]. Returns 0, or 1 with an error message as output. */
EXPORT int rl_load_library(int name_len) {
  lua_State *L = vms[VM_FUNCTION];
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "pending");
  lua_getfield(L, LUA_REGISTRYINDEX, "scripts");
  lua_pushlstring(L, (const char *)in.data, (size_t)name_len);
  lua_rawget(L, -2);
  lua_remove(L, -2);
  loading_library = 1;
  running_vm = VM_FUNCTION;
  use_function_globals(L, "load_api");
  int failed = lua_pcall(L, 0, 0, 0);
  use_function_globals(L, "run_api");
  loading_library = 0;
  running_vm = -1;
  out.len = 0;
  if (failed) {
    int is_table = lua_istable(L, -1);
    const char *msg = is_table ? (lua_getfield(L, -1, "err"), lua_tostring(L, -1)) : lua_tostring(L, -1);
    if (!is_table) buf_put(&out, "ERR ", 4);
    if (msg) buf_put(&out, msg, strlen(msg));
    lua_settop(L, 0);
    return 1;
  }
  lua_getfield(L, LUA_REGISTRYINDEX, "pending");
  int pending = lua_gettop(L);
  int count = (int)lua_objlen(L, pending);
  buf_u32(&out, (uint32_t)count);
  for (int i = 1; i <= count; i++) {
    lua_rawgeti(L, pending, i);
    int entry = lua_gettop(L);
    size_t n;
    lua_rawgeti(L, entry, 1);
    const char *fname = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
    if (fname == NULL) { out.len = 0; buf_put(&out, "\x01", 1); lua_settop(L, 0); return 1; }
    buf_u32(&out, (uint32_t)n); buf_put(&out, fname, n);
    lua_rawgeti(L, entry, 2);
    if (!lua_isfunction(L, -1)) { out.len = 0; buf_put(&out, "\x02", 1); lua_settop(L, 0); return 1; }
    lua_pop(L, 1);
    lua_rawgeti(L, entry, 3);
    if (lua_istable(L, -1)) {
      int flags = lua_gettop(L);
      int fcount = (int)lua_objlen(L, flags);
      buf_u32(&out, (uint32_t)fcount);
      for (int f = 1; f <= fcount; f++) {
        lua_rawgeti(L, flags, f);
        const char *flag = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : NULL;
        if (flag == NULL) { out.len = 0; buf_put(&out, "\x03", 1); lua_settop(L, 0); return 1; }
        buf_u32(&out, (uint32_t)n); buf_put(&out, flag, n);
        lua_pop(L, 1);
      }
    } else if (lua_isnil(L, -1)) {
      buf_u32(&out, 0);
    } else { out.len = 0; buf_put(&out, "\x03", 1); lua_settop(L, 0); return 1; }
    lua_pop(L, 1);
    lua_rawgeti(L, entry, 4);
    if (lua_type(L, -1) == LUA_TSTRING) { const char *d = lua_tolstring(L, -1, &n); buf_u32(&out, (uint32_t)n); buf_put(&out, d, n); }
    else if (lua_isnil(L, -1)) buf_u32(&out, 0xFFFFFFFFu);
    else { out.len = 0; buf_put(&out, "\x04", 1); lua_settop(L, 0); return 1; }
    lua_pop(L, 2);
  }
  lua_settop(L, 0);
  return 0;
}

/* Stores the callbacks of the library just loaded under their function names. */
EXPORT void rl_commit_library(void) {
  lua_State *L = vms[VM_FUNCTION];
  lua_getfield(L, LUA_REGISTRYINDEX, "pending");
  int pending = lua_gettop(L);
  lua_getfield(L, LUA_REGISTRYINDEX, "scripts");
  int scripts = lua_gettop(L);
  int count = (int)lua_objlen(L, pending);
  for (int i = 1; i <= count; i++) {
    lua_rawgeti(L, pending, i);
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2);
    lua_rawset(L, scripts);
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  lua_newtable(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "pending");
}
