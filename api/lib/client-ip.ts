/**
 * The client's address behind reverse proxies. Each proxy appends the address it received
 * the request from to X-Forwarded-For, so only the last `hops` entries were written by
 * proxies we run; everything left of them is whatever the client chose to send.
 */
import { isIP } from 'node:net';

/**
 * The entry `hops` places from the right of X-Forwarded-For, when it is an IP address;
 * undefined when there are no proxies, the header is missing or shorter than the proxy
 * chain, or the entry is not an address (the caller then uses the socket's address).
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  if (hops < 1 || !header) return undefined;
  const entries = header.split(',').map((e) => e.trim());
  if (entries.length < hops) return undefined;
  const candidate = entries[entries.length - hops]!;
  return isIP(candidate) ? candidate : undefined;
}
