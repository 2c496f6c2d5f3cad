#!/usr/bin/env bash
# Builds src/scripting/lua/restis-lua.wasm: the Lua 5.1 interpreter that Redis 7.0 embeds (its deps/lua,
# with cjson, cmsgpack, struct and bit), plus native/lua/restis-lua.c, the bridge to Restis.
# Needs emscripten (Debian: apt-get install emscripten). The Lua sources come from Debian's redis source
# package (apt-get source needs a deb-src entry) unless REDIS_SRC points at an unpacked redis source tree.
# The built file is committed, so installing or running Restis never needs this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ -z "${REDIS_SRC:-}" ]]; then
  (cd "$work" && apt-get source --download-only redis >/dev/null 2>&1)
  tar xzf "$work"/redis_*.orig.tar.gz -C "$work"
  REDIS_SRC="$(ls -d "$work"/redis-*/ | head -1)"
fi
# A copy of deps/lua/src where lua_cjson.c, strbuf.c and fpconv.c get the casts from void * that C++ needs.
lua="$work/deps/lua/src"
mkdir -p "$work/deps/lua" && cp -r "$REDIS_SRC/deps/lua/src" "$lua"
mkdir -p "$work/src" && cp "$REDIS_SRC/src/solarisfixes.h" "$work/src/" 2>/dev/null || true
sed -i -E 's/cfg = (lua_touserdata|lua_newuserdata)\(/cfg = (json_config_t *)\1(/' "$lua/lua_cjson.c"
sed -i -E 's/(s->buf = )(malloc|realloc)\(/\1(char *)\2(/; s/s = malloc\(sizeof\(strbuf_t\)\)/s = (strbuf_t *)malloc(sizeof(strbuf_t))/' "$lua/strbuf.c"
sed -i -E 's/buf = malloc\(buflen \+ 1\)/buf = (char *)malloc(buflen + 1)/' "$lua/fpconv.c"
# Numbers as on the 64-bit x86 Redis builds (see luaconf-x86.h): 64-bit lua_Integer and long, x86's
# out-of-range conversions, in string.format's integer casts and struct's 'l', 'L' and 'T' sizes.
cat "$here/luaconf-x86.h" >> "$lua/luaconf.h"
sed -i -E 's/\(int\)luaL_checknumber\(L, arg\)/restis_d2i(luaL_checknumber(L, arg))/; s/\(LUA_INTFRM_T\)luaL_checknumber\(L, arg\)/restis_d2ll(luaL_checknumber(L, arg))/; s/\(unsigned LUA_INTFRM_T\)luaL_checknumber\(L, arg\)/restis_d2ull(luaL_checknumber(L, arg))/' "$lua/lstrlib.c"
# String positions are 64-bit there too (string.sub, byte and find with huge indexes).
sed -i -E '36,50s/ptrdiff_t/long long/g; 109,113s/ptrdiff_t/long long/g; 113s/\(size_t\)pose/(unsigned long long)pose/; 499,501s/ptrdiff_t/long long/g; 501s/\(size_t\)\(init\)/(unsigned long long)(init)/' "$lua/lstrlib.c"
sed -i -E 's/sizeof\(long\)/8/; s/sizeof\(size_t\)/8/; s/value = \(Uinttype\)\(Inttype\)n;/value = (Uinttype)restis_d2ll(n);/; s/value = \(Uinttype\)n;/value = (Uinttype)restis_d2ull(n);/' "$lua/lua_struct.c"
core="lapi lcode ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring ltable ltm lundump lvm lzio
      lauxlib lbaselib lmathlib loslib lstrlib ltablib lua_cjson lua_cmsgpack lua_struct lua_bit strbuf fpconv"
sources=()
for name in $core; do sources+=("$lua/$name.c"); done

# Compiled as C++ so Lua raises errors with C++ exceptions (its LUAI_THROW), which -fwasm-exceptions
# makes native WebAssembly exceptions: the module needs no JavaScript glue beyond a few WASI stubs.
em++ -x c++ -O2 -fwasm-exceptions -DLUA_USE_MKSTEMP -DSTRUCT_INT='long long' -DENABLE_CJSON_GLOBAL -DREDIS_STATIC='' -I"$lua" \
  -sSTANDALONE_WASM -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=4MB -sTOTAL_STACK=1MB \
  -sERROR_ON_UNDEFINED_SYMBOLS=0 --no-entry -Wno-everything \
  "${sources[@]}" "$here/restis-lua.c" -o "$root/src/scripting/lua/restis-lua.wasm"
ls -l "$root/src/scripting/lua/restis-lua.wasm"
