/**
 * The Host header values this server answers to: its loopback names and the configured HOST,
 * each with the bound port (and bare on port 80, where browsers omit it). Bound to a wildcard
 * (0.0.0.0, ::), it is reached by the machine's own addresses and name, so those count too.
 */
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/** `::1` → `[::1]`: the form an IPv6 address takes in a Host header. */
const bracket = (name: string): string =>
  name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;

export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([...LOOPBACK, bracket(host.trim())]);
  if (WILDCARD.has(host.trim())) {
    names.add(hostname());
    for (const addresses of Object.values(networkInterfaces())) {
      for (const a of addresses ?? []) names.add(bracket(a.address.replace(/%.*$/, '')));
    }
  }
  const hosts = new Set<string>();
  for (const name of names) {
    if (WILDCARD.has(name)) continue;
    hosts.add(`${name.toLowerCase()}:${port}`);
    if (port === 80) hosts.add(name.toLowerCase());
  }
  return hosts;
}
