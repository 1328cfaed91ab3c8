import type { TmfEvent } from '../../events/tmf-event.js';
import { withDefaultTypes } from '../../tmf/default-types.js';
import { TMF622_BASE_PATH } from '../tmf622.js';
import { TMF622_V5_BASE_PATH, tmf622v5 } from './tmf622-v5.js';
import { Refusal, RefusalKind } from '../../outcomes.js';

/**
 * TMF622 v5 and v4 describe the same order; Ordo stores the v4 shape and translates at the v5
 * edge. What differs, and how it maps (the README lists what v4 cannot hold):
 * - `externalId`: v5 an array of ExternalIdentifier, v4 one string (the first identifier's id);
 * - `relatedParty`: v5 `{role, partyOrPartyRole: {id, href, name, @referredType}}`, v4 flat `{id, href, name, role, @referredType}`;
 * - `channel`: v5 `{role, channel: {id, href, name}}`, v4 flat `{id, href, name, role}`;
 * - `@type` is required on every v5 object: stored objects without one get their schema's name.
 */
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const defined = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const unsupported = (message: string) => new Refusal(RefusalKind.unprocessable, 'NOT_SUPPORTED_IN_V5_MAPPING', 'Not representable in the shared order model', message);

function partyToV4(entry: unknown): unknown {
  if (!isObject(entry) || !isObject(entry['partyOrPartyRole'])) return entry;
  const { partyOrPartyRole: party, role, '@type': _wrapper, ...rest } = entry;
  const referredType = party['@referredType'] ?? (party['@type'] === 'PartyRoleRef' ? 'PartyRole' : 'Party');
  return defined({ ...rest, id: party['id'], href: party['href'], name: party['name'], role, '@referredType': referredType });
}

function partyToV5(entry: unknown): unknown {
  if (!isObject(entry) || isObject(entry['partyOrPartyRole'])) return entry;
  const { id, href, name, role, '@referredType': referredType, '@type': _v4Type, ...rest } = entry;
  return defined({ ...rest, role, partyOrPartyRole: defined({ id, href, name, '@referredType': referredType }) });
}

function channelToV4(entry: unknown): unknown {
  if (!isObject(entry) || !isObject(entry['channel'])) return entry;
  const { channel, role } = entry;
  return defined({ id: channel['id'], href: channel['href'], name: channel['name'], role, '@referredType': channel['@referredType'] });
}

function channelToV5(entry: unknown): unknown {
  if (!isObject(entry) || isObject(entry['channel'])) return entry;
  const { id, href, name, role, '@referredType': referredType } = entry;
  return defined({ role, channel: defined({ id, href, name, '@referredType': referredType }) });
}

/** Applies `map` to every entry of every `relatedParty` array, at any depth (order, item products). */
function mapParties(value: unknown, map: (entry: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapParties(v, map));
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'relatedParty' && Array.isArray(v) ? v.map(map).map((e) => mapParties(e, map)) : mapParties(v, map)]));
}

/** A v5 ProductOrder_FVO, or a ProductOrder_MVO merge patch, in the stored (v4) shape. */
export function orderFromV5(v5: Json): Json {
  const { externalId, channel, requestedInitialState, ...rest } = v5;
  if (requestedInitialState !== undefined && requestedInitialState !== 'acknowledged') {
    throw unsupported(`requestedInitialState '${String(requestedInitialState)}': Ordo has no draft orders; every order placed is acknowledged and fulfilled`);
  }
  const out = mapParties(rest, partyToV4) as Json;
  if (Array.isArray(externalId)) {
    if (externalId.length > 1) throw unsupported('externalId: Ordo keeps one external identifier per order (the id it deduplicates retries by); send only the originating system\'s');
    const first = externalId[0] as Json | undefined;
    if (first) out['externalId'] = first['id'];
  } else if (externalId === null) out['externalId'] = null;
  if (Array.isArray(channel)) out['channel'] = channel.map(channelToV4);
  else if (channel !== undefined) out['channel'] = channel;
  return out;
}

export const v5Href = (href: string) => href.replace(`${TMF622_BASE_PATH}/`, `${TMF622_V5_BASE_PATH}/`);

/** A stored (v4-shaped, possibly `fields=`-projected) order as TMF622 v5 serves it. */
export function orderToV5(order: Json): Json {
  const { externalId, channel, href, ...rest } = order;
  const out = mapParties(rest, partyToV5) as Json;
  if (typeof href === 'string') out['href'] = v5Href(href);
  if (typeof externalId === 'string') out['externalId'] = [{ id: externalId }];
  if (Array.isArray(channel)) out['channel'] = channel.map(channelToV5);
  return withDefaultTypes(tmf622v5, 'ProductOrder', out) as Json;
}

/** A v5 CancelProductOrder_FVO in the stored shape: the order reference loses only its `@type`. */
export function cancelFromV5(v5: Json): Json {
  const { productOrder, ...rest } = v5;
  if (!isObject(productOrder)) return v5;
  const { '@type': _refType, ...reference } = productOrder;
  return { ...rest, productOrder: reference };
}

export function cancelToV5(request: Json): Json {
  const out: Json = { ...request };
  if (typeof out['href'] === 'string') out['href'] = v5Href(out['href']);
  if (isObject(out['productOrder']) && typeof out['productOrder']['href'] === 'string') out['productOrder'] = { ...out['productOrder'], href: v5Href(out['productOrder']['href']) };
  return withDefaultTypes(tmf622v5, 'CancelProductOrder', out) as Json;
}

/** v5 attribute paths in list filters, as the stored shape names them. */
const v5Paths: [string, string][] = [
  ['externalId.id', 'externalId'],
  ['relatedParty.partyOrPartyRole.', 'relatedParty.'],
  ['channel.channel.', 'channel.'],
];

export function queryFromV5(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => {
      const match = v5Paths.find(([v5]) => key === v5 || key.startsWith(v5.endsWith('.') ? v5 : `${v5}.`));
      return [match ? match[1] + key.slice(match[0].length) : key, value];
    }),
  );
}

/**
 * A stored TMF622 event as v5 listeners get it: the resource in its v5 shape, `timeOccurred`
 * (v4 spells it `timeOcurred`), and the Event's own `@type`.
 */
export function eventToV5(event: TmfEvent): TmfEvent {
  const { timeOcurred, event: payload, ...rest } = event;
  const shaped = Object.fromEntries(
    Object.entries(payload).map(([resource, value]) => [resource, !isObject(value) ? value : resource === 'cancelProductOrder' ? cancelToV5(value) : resource === 'productOrder' ? orderToV5(value) : value]),
  );
  return { ...rest, timeOccurred: timeOcurred, event: shaped } as unknown as TmfEvent;
}
