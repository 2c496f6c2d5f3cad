/**
 * The `bind` parameter as Redis 7 reads it: addresses separated by spaces; `*` means every IPv4
 * address and `::*` every IPv6 one; a leading `-` marks an address that may be unavailable
 * (skipped with a warning instead of failing the start).
 */
export interface BindAddress {
  host: string;
  optional: boolean;
}

export function parseBind(bind: string): BindAddress[] {
  return bind.split(' ').filter(Boolean).map((word) => {
    const optional = word.startsWith('-');
    const address = optional ? word.slice(1) : word;
    const host = address === '*' ? '0.0.0.0' : address === '::*' ? '::' : address;
    return { host, optional };
  });
}

/** The host clients should use in a URL: the first bound address, loopback for wildcards. */
export function connectHost(bind: string): string {
  const first = parseBind(bind)[0]?.host ?? '127.0.0.1';
  return first === '0.0.0.0' ? '127.0.0.1' : first === '::' ? '::1' : first;
}
