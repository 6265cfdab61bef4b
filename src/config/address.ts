// Listen addresses in config and flags: `HOST:PORT`, `[::1]:PORT`. Pure.

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Parse `HOST:PORT` (IPv6 in brackets); undefined when malformed. Port 0 means "any free port". */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}

export function formatListenAddress(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
