import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A block list from `address/prefix` entries (a bare address is the one address). */
function blockList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Addresses no callback may reach, whatever the configuration: link-local (cloud metadata), unspecified, multicast. */
const never = blockList(['169.254.0.0/16', '0.0.0.0/8', '224.0.0.0/4', 'fe80::/10', 'ff00::/8', '::', 'fd00:ec2::254']);

/** Addresses only for hosts named in the allow list: loopback and private networks. */
const internal = blockList(['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '::1', 'fc00::/7']);

const metadataNames = new Set(['metadata', 'metadata.google.internal', 'metadata.azure.com', 'instance-data']);

const family = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Where a callback may go: the one address that was checked, for the connection to use. */
export type CallbackTarget = { refusal: string } | { addresses: { address: string; family: 4 | 6 }[] };

/**
 * Why a hub callback URL may not be used, or undefined when it may: the host must be allowed by
 * ORDO_HUB_CALLBACK_HOSTS (`*`, a name, `*.domain`); every address it resolves to must be public,
 * unless the host is named explicitly (then loopback and private networks are allowed); link-local
 * and metadata addresses never. Checked at registration and again before each delivery (DNS can change).
 */
export async function callbackRefusal(callback: string, allowedHosts: readonly string[], resolve: (host: string) => Promise<string[]> = resolveAll): Promise<string | undefined> {
  const target = await callbackTarget(callback, allowedHosts, resolve);
  return 'refusal' in target ? target.refusal : undefined;
}

/**
 * The check of callbackRefusal, answering with the addresses the delivery may connect to: those
 * checked (all of them, so that a dual-stack host keeps its fallback). Connecting there, rather than
 * resolving the name again, leaves DNS rebinding no window between the check and the connection.
 */
export async function callbackTarget(callback: string, allowedHosts: readonly string[], resolve: (host: string) => Promise<string[]> = resolveAll): Promise<CallbackTarget> {
  const refused = (refusal: string) => ({ refusal });
  let url: URL;
  try {
    url = new URL(callback);
  } catch {
    return refused('not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refused('only http and https callbacks are allowed');
  if (url.username || url.password) return refused('credentials in the callback URL are not allowed');
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const named = allowedHosts.some((h) => h.toLowerCase() === host);
  const matched = named || allowedHosts.some((h) => h === '*' || (h.startsWith('*.') && host.endsWith(h.slice(1).toLowerCase())));
  if (!matched) return refused(`host ${host} is not among the allowed callback hosts`);
  if (metadataNames.has(host)) return refused(`host ${host} is a metadata service`);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    return refused(`host ${host} does not resolve`);
  }
  if (addresses.length === 0) return refused(`host ${host} does not resolve`);
  for (const resolved of addresses) {
    // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is judged as the IPv4 address it is.
    const address = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(resolved)?.[1] ?? resolved;
    if (never.check(address, family(address))) return refused(`host ${host} resolves to ${address}, a link-local, metadata or unspecified address`);
    if (!named && internal.check(address, family(address))) return refused(`host ${host} resolves to ${address}, an internal address (name the host in ORDO_HUB_CALLBACK_HOSTS to allow it)`);
  }
  return { addresses: addresses.map((address) => ({ address, family: isIP(address) === 6 ? (6 as const) : (4 as const) })) };
}

export async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((a) => a.address);
}
