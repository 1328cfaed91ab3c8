import { Refusal, RefusalKind } from '../outcomes.js';
import { assertSafeBody } from '../tmf/safe-body.js';
import { formatProblems } from '../tmf/schema-validator.js';
import { pooledResource } from './new-resource.js';
import { resourceCreatedEvent } from './resource-events.js';
import { numberProblem } from './resource-numbers.js';
import { isDuplicateKey, type ResourceStore } from './resource-store.js';
import { DEFAULT_CATEGORY, isPoolCategory, kindOfType, presentResource, resourceKinds, ResourceStatus, UsageState, type Resource } from './resource.js';
import { tmf639 } from './tmf639.js';
import { queuedEvents } from '../events/outbox.js';

const createDefinitions: Record<string, string> = { Resource: 'Resource_Create', LogicalResource: 'LogicalResource_Create', PhysicalResource: 'PhysicalResource_Create' };

const invalid = (reason: string, message?: string) => new Refusal(RefusalKind.invalid, 'INVALID_BODY', reason, message);

/**
 * POST resource (administration): a new MSISDN (LogicalResource) or SIM card (PhysicalResource)
 * joins its pool with a slot; free unless the body sets it aside (locked, standby...). Ordo owns
 * id, href and the reservation states, so a resource cannot be created reserved or in use.
 */
export async function createResource(store: ResourceStore, body: unknown): Promise<Resource> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('Request body must be a Resource_Create JSON object');
  assertSafeBody(body);
  const attributes = body as Record<string, unknown>;
  const type = attributes['@type'];
  const definition = typeof type === 'string' && Object.hasOwn(createDefinitions, type) ? createDefinitions[type]! : undefined;
  if (!definition) throw invalid('Unknown @type', `@type must be one of ${Object.keys(createDefinitions).join(', ')}`);
  const problems = tmf639.validator(definition)(attributes);
  if (problems.length > 0) throw invalid(`Invalid ${definition}`, formatProblems(problems));
  const kind = kindOfType(type);
  if (!kind) throw new Refusal(RefusalKind.unprocessable, 'UNSUPPORTED_RESOURCE', 'Not a resource Ordo keeps', 'Ordo keeps MSISDNs (@type LogicalResource) and SIM cards (@type PhysicalResource)');

  const { numberField } = resourceKinds[kind];
  const number = attributes[numberField];
  if (typeof number !== 'string') throw invalid(`A ${String(type)} needs ${numberField}`, `${numberField} holds the ${kind === 'msisdn' ? 'MSISDN' : 'ICCID'}`);
  const problem = numberProblem(kind, number);
  if (problem) throw invalid(`Invalid ${numberField}`, problem);
  const category = (attributes['category'] as string | undefined) ?? DEFAULT_CATEGORY;
  if (!isPoolCategory(category)) throw invalid('Invalid category', `'${category}' is not a pool category (letters, digits, '-' and '_'; not 'ported')`);
  if (attributes['resourceStatus'] === ResourceStatus.reserved || (attributes['usageState'] !== undefined && attributes['usageState'] !== UsageState.idle)) {
    throw new Refusal(RefusalKind.conflict, 'NOT_PATCHABLE', 'Held by orders only', 'A resource is reserved and put in use by the orders that take it; create it available and idle');
  }

  const slot = await store.allocateSlots(`${kind}:${category}`, 1);
  const stored = pooledResource(store, { kind, number, category, slot, attributes });
  const resource = presentResource(stored);
  try {
    // Stored with its create event, as a new order is (the relay publishes it).
    await store.insert({ ...stored, _ordo: { ...stored._ordo, ...queuedEvents([resourceCreatedEvent(resource)]) } });
  } catch (err) {
    if (isDuplicateKey(err)) throw new Refusal(RefusalKind.conflict, 'ALREADY_EXISTS', 'Already in the inventory', `${kind} ${number} is already in the inventory`);
    throw err;
  }
  return resource;
}
