import { Role } from './principal.js';

/**
 * Who may call what, in one table: the gate enforces it and the role-matrix test is generated
 * from it. `scope`: `party` (a party-bound token sees only its party's resources; operators all),
 * `any` (any caller with the role, e.g. reading the catalog), `operator` (party-bound tokens are
 * refused: the resource is not divided by party, e.g. hub listeners hear every party's events),
 * `all-parties` (one party's data, for any party at once: operators and `ordo:all-parties` tokens only,
 * e.g. the console's view of an order with its payments and numbers).
 * `public` rows need no token; `own` rows authenticate by their own scheme (webhooks).
 */
export interface Permission {
  methods: readonly string[];
  path: RegExp;
  access: { role: Role; scope: 'party' | 'any' | 'operator' | 'all-parties' } | 'public' | 'own';
  /** A request without a token runs as a visitor (visitorPrincipal) instead of being refused: anonymous shopping carts. */
  visitors?: true;
  /** A concrete request of this row, for the role-matrix test. */
  sample: string;
}

const api = (base: string) => `^/tmf-api/${base}`;
const item = '(/[^/]+)?$';
const GET = ['GET', 'HEAD'] as const;

function orderApi(base: string, resource: string, cancel: string, sampleBase: string): Permission[] {
  return [
    { methods: GET, path: new RegExp(`${api(base)}/${resource}${item}`), access: { role: Role.orderRead, scope: 'party' }, sample: `${sampleBase}/${resource}` },
    { methods: ['POST'], path: new RegExp(`${api(base)}/${resource}$`), access: { role: Role.orderWrite, scope: 'party' }, sample: `${sampleBase}/${resource}` },
    { methods: ['PATCH', 'DELETE'], path: new RegExp(`${api(base)}/${resource}/[^/]+$`), access: { role: Role.orderWrite, scope: 'party' }, sample: `${sampleBase}/${resource}/no-such-id` },
    { methods: GET, path: new RegExp(`${api(base)}/${cancel}${item}`), access: { role: Role.orderRead, scope: 'party' }, sample: `${sampleBase}/${cancel}` },
    { methods: ['POST'], path: new RegExp(`${api(base)}/${cancel}$`), access: { role: Role.orderCancel, scope: 'party' }, sample: `${sampleBase}/${cancel}` },
  ];
}

const hub = (base: string, sampleBase: string): Permission => ({ methods: ['POST', 'DELETE'], path: new RegExp(`${api(base)}/hub${item}`), access: { role: Role.hubManage, scope: 'operator' }, sample: `${sampleBase}/hub` });
const readOnly = (base: string, resources: string, role: Role, scope: 'party' | 'any' | 'operator', sampleBase: string, sample: string): Permission => ({ methods: GET, path: new RegExp(`${api(base)}/(${resources})${item}`), access: { role, scope }, sample: `${sampleBase}/${sample}` });

/** Records operators (a CRM, a CPQ) manage and their owner's party-bound tokens read: parties, customers, accounts. */
function customerApi(base: string, resources: string, sample: string): Permission[] {
  const root = `/tmf-api/${base}`;
  return [
    { methods: GET, path: new RegExp(`${api(base)}/(${resources})${item}`), access: { role: Role.customerRead, scope: 'party' }, sample: `${root}/${sample}` },
    { methods: ['POST'], path: new RegExp(`${api(base)}/(${resources})$`), access: { role: Role.customerWrite, scope: 'operator' }, sample: `${root}/${sample}` },
    { methods: ['PATCH', 'DELETE'], path: new RegExp(`${api(base)}/(${resources})/[^/]+$`), access: { role: Role.customerWrite, scope: 'operator' }, sample: `${root}/${sample}/no-such-id` },
    hub(base, root),
  ];
}

/**
 * TMF663 carts: a party-bound token sees its party's carts (and may take an anonymous one by its id),
 * a token for every party (a shop's back end) all of them; a visitor without a token only anonymous
 * carts, by id (122 random bits), and no list. Checking out needs the customer's token or a back end.
 */
const cartApi = (): Permission[] => {
  const root = '/tmf-api/shoppingCart/v4';
  const cart = `^${root}/shoppingCart`;
  return [
    { methods: GET, path: new RegExp(`${cart}$`), access: { role: Role.orderRead, scope: 'party' }, sample: `${root}/shoppingCart` },
    { methods: GET, path: new RegExp(`${cart}/[^/]+(/numberCandidate)?$`), access: { role: Role.orderRead, scope: 'party' }, visitors: true, sample: `${root}/shoppingCart/no-such-id` },
    { methods: ['POST'], path: new RegExp(`${cart}$`), access: { role: Role.orderWrite, scope: 'party' }, visitors: true, sample: `${root}/shoppingCart` },
    { methods: ['PATCH', 'DELETE'], path: new RegExp(`${cart}/[^/]+$`), access: { role: Role.orderWrite, scope: 'party' }, visitors: true, sample: `${root}/shoppingCart/no-such-id` },
    { methods: ['POST', 'DELETE'], path: new RegExp(`${cart}/[^/]+/cartItem/[^/]+/numberHold$`), access: { role: Role.orderWrite, scope: 'party' }, visitors: true, sample: `${root}/shoppingCart/no-such-id/cartItem/1/numberHold` },
    { methods: ['POST'], path: new RegExp(`${cart}/[^/]+/checkout$`), access: { role: Role.orderWrite, scope: 'party' }, sample: `${root}/shoppingCart/no-such-id/checkout` },
    hub('shoppingCart/v4', root),
  ];
};

export const permissions: readonly Permission[] = [
  { methods: GET, path: /^\/health$/, access: 'public', sample: '/health' },
  { methods: GET, path: /^\/health\/(live|ready)$/, access: 'public', sample: '/health/ready' },
  // Prometheus presents ORDO_METRICS_TOKEN, when one is set.
  { methods: GET, path: /^\/metrics$/, access: 'own', sample: '/metrics' },
  { methods: GET, path: /^\/favicon\.ico$/, access: 'public', sample: '/favicon.ico' },
  // The console's page, scripts and translations; what it shows comes from the APIs below, with the user's token.
  { methods: GET, path: /^\/console(\/.*)?$/, access: 'public', sample: '/console/' },
  { methods: GET, path: /^\/tmf-api\/[^/]+\/v[45]\/api-docs(\/.*)?$/, access: 'public', sample: '/tmf-api/productOrderingManagement/v4/api-docs' },
  { methods: ['POST'], path: /^\/webhooks\/(payment|servicenow)$/, access: 'own', sample: '/webhooks/payment' },
  { methods: ['POST'], path: /^\/salesforce\/v1\/orders(\/[^/]+\/(freeze|unfreeze))?$/, access: 'own', sample: '/salesforce/v1/orders' },
  ...orderApi('productOrderingManagement/v[45]', 'productOrder', 'cancelProductOrder', '/tmf-api/productOrderingManagement/v4'),
  hub('productOrderingManagement/v[45]', '/tmf-api/productOrderingManagement/v4'),
  ...orderApi('serviceOrdering/v4', 'serviceOrder', 'cancelServiceOrder', '/tmf-api/serviceOrdering/v4'),
  hub('serviceOrdering/v4', '/tmf-api/serviceOrdering/v4'),
  ...orderApi('resourceOrderingManagement/v4', 'resourceOrder', 'cancelResourceOrder', '/tmf-api/resourceOrderingManagement/v4'),
  hub('resourceOrderingManagement/v4', '/tmf-api/resourceOrderingManagement/v4'),
  readOnly('productInventory/v4', 'product', Role.inventoryRead, 'party', '/tmf-api/productInventory/v4', 'product'),
  hub('productInventory/v4', '/tmf-api/productInventory/v4'),
  readOnly('serviceInventory/v4', 'service', Role.inventoryRead, 'party', '/tmf-api/serviceInventory/v4', 'service'),
  hub('serviceInventory/v4', '/tmf-api/serviceInventory/v4'),
  readOnly('resourceInventoryManagement/v4', 'resource', Role.inventoryRead, 'operator', '/tmf-api/resourceInventoryManagement/v4', 'resource'),
  { methods: ['POST'], path: /^\/tmf-api\/resourceInventoryManagement\/v4\/resource$/, access: { role: Role.inventoryAdmin, scope: 'operator' }, sample: '/tmf-api/resourceInventoryManagement/v4/resource' },
  { methods: ['PATCH', 'DELETE'], path: /^\/tmf-api\/resourceInventoryManagement\/v4\/resource\/[^/]+$/, access: { role: Role.inventoryAdmin, scope: 'operator' }, sample: '/tmf-api/resourceInventoryManagement/v4/resource/no-such-id' },
  hub('resourceInventoryManagement/v4', '/tmf-api/resourceInventoryManagement/v4'),
  readOnly('productCatalogManagement/v4', '[A-Za-z]+', Role.catalogRead, 'any', '/tmf-api/productCatalogManagement/v4', 'productOffering'),
  readOnly('paymentManagement/v4', 'payment|refund', Role.paymentRead, 'operator', '/tmf-api/paymentManagement/v4', 'payment'),
  hub('paymentManagement/v4', '/tmf-api/paymentManagement/v4'),
  ...customerApi('party/v4', 'individual|organization', 'individual'),
  ...customerApi('customerManagement/v4', 'customer', 'customer'),
  ...customerApi('accountManagement/v4', 'billingAccount|partyAccount', 'billingAccount'),
  ...cartApi(),
  readOnly('communicationManagement/v4', 'communicationMessage', Role.customerRead, 'operator', '/tmf-api/communicationManagement/v4', 'communicationMessage'),
  { methods: ['POST'], path: /^\/ordo\/admin\/v1\/partyUser$/, access: { role: Role.customerWrite, scope: 'operator' }, sample: '/ordo/admin/v1/partyUser' },
  // Self-service sign-up has no token yet: the sign-up id (128 random bits) and the code are what the caller holds.
  { methods: ['POST'], path: /^\/ordo\/signUp\/v1\/signUp(\/[^/]+\/(verify|resend))?$/, access: 'public', sample: '/ordo/signUp/v1/signUp' },
  { methods: GET, path: /^\/ordo\/signUp\/v1\/signUp\/[^/]+$/, access: 'public', sample: '/ordo/signUp/v1/signUp/no-such-id' },
  { methods: ['GET', 'HEAD', 'PUT', 'DELETE'], path: /^\/ordo\/admin\/v1\/extensionSchema$/, access: { role: Role.catalogAdmin, scope: 'operator' }, sample: '/ordo/admin/v1/extensionSchema' },
  { methods: GET, path: /^\/ordo\/admin\/v1\/productOrder\/[^/]+\/overview$/, access: { role: Role.orderRead, scope: 'all-parties' }, sample: '/ordo/admin/v1/productOrder/no-such-id/overview' },
  { methods: ['POST'], path: /^\/ordo\/admin\/v1\/productOrder\/[^/]+\/(freeze|unfreeze)$/, access: { role: Role.orderWrite, scope: 'all-parties' }, sample: '/ordo/admin/v1/productOrder/no-such-id/freeze' },
  { methods: ['POST'], path: /^\/ordo\/admin\/v1\/fallout\/[^/]+\/resolution$/, access: { role: Role.orderWrite, scope: 'all-parties' }, sample: '/ordo/admin/v1/fallout/no-such-id/resolution' },
  { methods: GET, path: /^\/ordo\/admin\/v1\/inventoryPool$/, access: { role: Role.inventoryRead, scope: 'operator' }, sample: '/ordo/admin/v1/inventoryPool' },
  { methods: GET, path: /^\/ordo\/admin\/v1\/hubListener$/, access: { role: Role.hubManage, scope: 'operator' }, sample: '/ordo/admin/v1/hubListener' },
  ...['replay', 'pause', 'resume'].map((action): Permission => ({ methods: ['POST'], path: new RegExp(`^/ordo/admin/v1/hubListener/[^/]+/${action}$`), access: { role: Role.hubManage, scope: 'operator' }, sample: `/ordo/admin/v1/hubListener/no-such-id/${action}` })),
];

/** The row for a request; undefined when the table names none (the gate then refuses it to all but operators). */
export const permissionFor = (method: string, path: string): Permission | undefined => permissions.find((p) => p.methods.includes(method) && p.path.test(path));
