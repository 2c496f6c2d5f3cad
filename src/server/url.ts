/** redis://[:password@]host:port, with IPv6 hosts in brackets. */
export function redisUrl(host: string, port: number, password: string): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const auth = password ? `:${encodeURIComponent(password)}@` : '';
  return `redis://${auth}${shownHost}:${port}`;
}
