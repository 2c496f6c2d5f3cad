// The few WebAssembly globals the Lua bridge uses (the DOM lib that declares them is not loaded).
declare namespace WebAssembly {
  class Module { constructor(bytes: Uint8Array); }
  class Instance { constructor(module: Module, imports: Record<string, Record<string, unknown>>); readonly exports: Record<string, unknown>; }
  class Memory { readonly buffer: ArrayBuffer; }
}
