
/*
 * Appended to Lua's luaconf.h by build.sh. Redis runs this Lua on 64-bit x86, where lua_Integer
 * and long are 64 bits and an out-of-range double converts to the "integer indefinite" value
 * (INT_MIN / INT64_MIN). WebAssembly here is 32-bit and saturates instead, so scripts would see
 * other numbers from string.format('%d'), luaL_checkint, struct 'l' and the like.
 */
#ifndef RESTIS_LUACONF_X86
#define RESTIS_LUACONF_X86

#undef LUA_INTEGER
#define LUA_INTEGER long long
#undef LUA_INTFRMLEN
#define LUA_INTFRMLEN "ll"
#undef LUA_INTFRM_T
#define LUA_INTFRM_T long long

static inline int restis_d2i(double d) {
  return d >= -2147483648.0 && d < 2147483648.0 ? (int)d : (-2147483647 - 1);
}
static inline long long restis_d2ll(double d) {
  return d >= -9223372036854775808.0 && d < 9223372036854775808.0 ? (long long)d : (-9223372036854775807LL - 1);
}
/* What gcc's double -> unsigned 64-bit sequence gives on x86-64, out-of-range values included. */
static inline unsigned long long restis_d2ull(double d) {
  if (d < 9223372036854775808.0) return (unsigned long long)restis_d2ll(d);
  return (unsigned long long)restis_d2ll(d - 9223372036854775808.0) ^ 0x8000000000000000ULL;
}

#undef lua_number2int
#define lua_number2int(i,d) ((i)=restis_d2i(d))
#undef lua_number2integer
#define lua_number2integer(i,d) ((i)=restis_d2ll(d))

#endif
