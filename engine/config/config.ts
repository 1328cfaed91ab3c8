import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { packageRoot } from '../paths.js';

/**
 * Every environment variable Ordo reads, described once: its type, default and purpose.
 * Defaults run against the no-Docker local stack (`npm run stack:up`).
 */
const variables = {
  ORDO_HTTP_HOST: { type: 'string', default: '127.0.0.1', doc: 'Interface the TMF API listens on (0.0.0.0 in a container).' },
  ORDO_HTTP_PORT: { type: 'port', default: 8622, doc: 'Port of the TMF APIs and health (0: any free port).' },
  ORDO_PUBLIC_URL: { type: 'url', default: '', doc: 'Absolute base URL clients use to reach Ordo; used for `href`. Empty: http://localhost:<listening port>.' },
  ORDO_MONGO_URL: { type: 'string', default: 'mongodb://127.0.0.1:27017/?directConnection=true', doc: 'MongoDB connection string.' },
  ORDO_MONGO_DB: { type: 'string', default: 'ordo', doc: 'MongoDB database name.' },
  ORDO_KAFKA_BROKERS: { type: 'list', default: '127.0.0.1:9092', doc: 'Comma-separated Kafka bootstrap brokers.' },
  ORDO_KAFKA_CLIENT_ID: { type: 'string', default: 'ordo', doc: 'Kafka client id.' },
  ORDO_KAFKA_TOPIC_PREFIX: { type: 'string', default: 'tmf', doc: 'Prefix of event topics: <prefix>.productOrder.events.' },
  ORDO_KAFKA_TLS: { type: 'bool', default: false, doc: 'Connect to the brokers over TLS (the brokers\' certificates are always verified).' },
  ORDO_KAFKA_TLS_CA_FILE: { type: 'string', default: '', doc: 'PEM file of the CA(s) that sign the brokers\' certificates (empty: the system\'s CAs).' },
  ORDO_KAFKA_TLS_CERT_FILE: { type: 'string', default: '', doc: 'PEM client certificate, for brokers that require mutual TLS (with ORDO_KAFKA_TLS_KEY_FILE).' },
  ORDO_KAFKA_TLS_KEY_FILE: { type: 'string', default: '', doc: 'PEM private key of ORDO_KAFKA_TLS_CERT_FILE.' },
  ORDO_KAFKA_SASL_MECHANISM: { type: 'enum', values: ['', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], default: '', doc: 'SASL mechanism to authenticate with (empty: none). PLAIN sends the password as is: use it over TLS.' },
  ORDO_KAFKA_SASL_USERNAME: { type: 'string', default: '', doc: 'SASL user name.' },
  ORDO_KAFKA_SASL_PASSWORD: { type: 'string', default: '', doc: 'SASL password.' },
  ORDO_ENGINE_URL: { type: 'url', default: 'http://127.0.0.1:8080/engine-rest', doc: "Operaton's REST API (the process engine)." },
  ORDO_ENGINE_USER: { type: 'string', default: '', doc: 'Operaton user for the REST API (HTTP basic), when the engine asks for one (ORDO_ENGINE_REST_AUTH=basic on the engine); empty: none.' },
  ORDO_ENGINE_PASSWORD: { type: 'secret', default: '', doc: "That user's password." },
  ORDO_ENGINE_TENANT: { type: 'string', default: '', doc: 'Operaton tenant id of this Ordo installation: its models, instances, messages and external tasks are kept apart from other installations on the same engine. Empty: no tenant.' },
  ORDO_ENGINE_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to the engine (ms), long polls excepted.' },
  ORDO_ENGINE_DB_URL: { type: 'string', default: '', doc: 'Local stack only: JDBC URL of the database the local Operaton uses (e.g. jdbc:postgresql://127.0.0.1:5432/operaton, with ORDO_ENGINE_DB_USER/PASSWORD in its environment). Empty: an H2 file in the stack folder.' },
  ORDO_COCKPIT_URL: { type: 'url', default: 'http://localhost:8080/operaton/app/cockpit/default', doc: "Operaton Cockpit, where ops staff inspect and repair instances; each order's processInstanceUrl points into it." },
  ORDO_COCKPIT_LOGIN: { type: 'secret', default: 'demo:demo', doc: 'Cockpit user:password printed at start-up for the local stack.' },
  ORDO_PROCESS_START_RETRY_MS: { type: 'interval', default: 2000, doc: 'How often orders whose process has not started yet are retried (ms).' },
  ORDO_PROCESS_MESSAGE_TTL_MS: { type: 'ttl', default: 86_400_000, doc: 'How long Ordo keeps offering a message (a payment result, a resolved case, a finished child order…) to a process that is not waiting for it yet (ms, at least 10 minutes); the engine keeps no messages, so Ordo does. Past it the message is dropped with an error in the log.' },
  ORDO_OUTBOX_POLL_MS: { type: 'interval', default: 2000, doc: 'How often the event outbox and the hub delivery queue are polled (ms) for what no write woke them for: events an instance left when it stopped, retries. A write that queues an event starts the relay at once.' },
  ORDO_HUB_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'How long a hub listener may take to answer one event before it counts as failed (ms).' },
  ORDO_HUB_MAX_FAILURES: { type: 'int', default: 30, doc: 'Failed deliveries in a row (backing off up to 5 min apart) after which a hub listener is suspended and its events kept as dead letters.' },
  ORDO_HUB_MAX_EVENT_AGE_MS: { type: 'ttl', default: 86_400_000, doc: 'A hub listener whose oldest undelivered event is older than this (ms) is suspended at its next failure.' },
  ORDO_HUB_DEAD_LETTER_RETENTION_MS: { type: 'ttl', default: 1_209_600_000, doc: 'How long hub dead letters are kept for replay (ms).' },
  ORDO_WORKER_MAX_JOBS: { type: 'int', default: 32, doc: 'Maximum external tasks this Ordo works on at once.' },
  ORDO_WORKER_TIMEOUT_MS: { type: 'interval', default: 120_000, doc: 'Longest one task may run before its worker gives up and reports a failure (ms).' },
  ORDO_WORKER_LOCK_MS: { type: 'interval', default: 20_000, doc: "How long a fetched task is locked for this Ordo (ms); extended while its handler runs, so a crashed Ordo's tasks are handed out again after at most this." },
  ORDO_WORKER_POLL_MS: { type: 'interval', default: 10_000, doc: 'How long one fetch for tasks waits on the engine when there are none (long polling, ms). New tasks end the wait at once; a task that failed and is due again, or whose worker died, is seen at the latest after this.' },
  ORDO_SHUTDOWN_GRACE_MS: { type: 'interval', default: 20_000, doc: 'At stop (SIGTERM, Ctrl-C), how long tasks in hand may take to finish (ms); those still running are then handed back to the engine for another Ordo. The process exits at the latest 8 s later: keep the sum under your orchestrator\'s kill timeout (Kubernetes: 30 s).' },
  ORDO_WORKER_RETRY_BACKOFF_MS: { type: 'interval', default: 5000, doc: 'Wait before a failed task is handed out again (ms); doubled on each further failure, at most 5 minutes.' },
  ORDO_EXTENSION_SCHEMAS_DIR: { type: 'string', default: path.join(packageRoot, 'schemas', 'extensions'), doc: 'Folder of TMF extension schemas (JSON Schema, "$id" = @schemaLocation) registered at start-up.' },
  ORDO_CATALOG_SOURCE: { type: 'enum', values: ['store', 'remote', 'store-then-remote'], default: 'store', doc: 'Where offerings and specifications are looked up: the imported catalog in MongoDB (`ordo catalog import`), a remote TMF620 API, or the store and then the remote.' },
  ORDO_CATALOG_SEED_FILE: { type: 'string', default: path.join(packageRoot, 'bpmn', 'catalog', 'default-catalog.json'), doc: 'Catalog dump imported at start-up when the catalog store is empty (empty: none).' },
  ORDO_TMF620_URL: { type: 'url', default: '', doc: 'Base URL of a remote TMF620 API (…/productCatalogManagement/v4), for ORDO_CATALOG_SOURCE remote or store-then-remote.' },
  ORDO_TMF620_TTL_MS: { type: 'interval', default: 60_000, doc: 'How long entities fetched from the remote TMF620 API are cached (ms).' },
  ORDO_TMF620_TIMEOUT_MS: { type: 'interval', default: 5000, doc: 'Timeout of one remote TMF620 request (ms).' },
  ORDO_PROCESS_MAPPING_FILE: { type: 'string', default: path.join(packageRoot, 'bpmn', 'process-mapping.json'), doc: 'Processes per product specification and item action, for specifications that name none themselves.' },
  ORDO_RESERVATION_TTL_MS: { type: 'ttl', default: 72 * 3_600_000, doc: 'How long a reserved MSISDN or SIM stays held for an order that has not confirmed it; then the sweeper returns it to its pool (ms).' },
  ORDO_INVENTORY_SEED_SIZE: { type: 'int', default: 1000, doc: 'With the local stack only (unless set): when the resource inventory is empty at start-up, how many made-up MSISDNs and SIM cards to generate (a tenth as many golden MSISDNs); 0: none. For demos and tests, never production.' },
  ORDO_RESERVATION_SWEEP_MS: { type: 'interval', default: 60_000, doc: 'How often expired reservations are looked for (ms).' },
  ORDO_PAYMENT_PROVIDER_URL: { type: 'url', default: '', doc: "Base URL of the payment provider's collect-payments API. Empty: Ordo runs the payment simulator in-process (see ORDO_SIMULATORS), or else refuses orders that name a payment method (422)." },
  ORDO_PAYMENT_PROVIDER_API_KEY: { type: 'secret', default: '', doc: 'Bearer key for the payment provider.' },
  ORDO_PAYMENT_WEBHOOK_SECRET: { type: 'secret', default: '', doc: "Shared secret of the provider's signed callbacks (HMAC-SHA256); required with ORDO_PAYMENT_PROVIDER_URL." },
  ORDO_PAYMENT_WEBHOOK_TOLERANCE_MS: { type: 'interval', default: 300_000, doc: 'How far a callback\'s signed timestamp may be from now before it counts as a replay (ms).' },
  ORDO_PAYMENT_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to the payment provider (ms); failed requests are retried with the same idempotency key.' },
  ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS: { type: 'interval', default: 1_800_000, doc: 'How long a payment the provider has not decided is waited for before it is cancelled and its item fails (ms); a shopping-cart checkout gives up after it too, also when the provider did not answer at all.' },
  ORDO_SALESFORCE_LOGIN_URL: { type: 'url', default: '', doc: 'Salesforce login (token) URL, e.g. https://login.salesforce.com; empty: no Salesforce connection.' },
  ORDO_SALESFORCE_CLIENT_ID: { type: 'string', default: '', doc: 'Connected app client id (OAuth 2.0 client credentials).' },
  ORDO_SALESFORCE_CLIENT_SECRET: { type: 'secret', default: '', doc: 'Connected app client secret.' },
  ORDO_SALESFORCE_INBOUND_TOKEN: { type: 'secret', default: '', doc: "Bearer token Salesforce's integration layer presents to /salesforce/v1/orders (submit, freeze, unfreeze); empty: that endpoint is off." },
  ORDO_SALESFORCE_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to Salesforce (ms).' },
  ORDO_SERVICENOW_URL: { type: 'url', default: '', doc: 'ServiceNow instance URL (Table API) where fallout cases are opened; empty: steps that need a person stay incidents in Cockpit.' },
  ORDO_SERVICENOW_USER: { type: 'string', default: '', doc: 'ServiceNow basic-auth user (or use ORDO_SERVICENOW_CLIENT_ID/SECRET for OAuth).' },
  ORDO_SERVICENOW_PASSWORD: { type: 'secret', default: '', doc: 'ServiceNow basic-auth password.' },
  ORDO_SERVICENOW_CLIENT_ID: { type: 'string', default: '', doc: 'ServiceNow OAuth client id (client credentials), instead of basic auth.' },
  ORDO_SERVICENOW_CLIENT_SECRET: { type: 'secret', default: '', doc: 'ServiceNow OAuth client secret.' },
  ORDO_SERVICENOW_WEBHOOK_USER: { type: 'string', default: '', doc: 'User ServiceNow authenticates as (basic auth) when it posts a resolution to /webhooks/servicenow.' },
  ORDO_SERVICENOW_WEBHOOK_PASSWORD: { type: 'secret', default: '', doc: 'Password of that webhook user.' },
  ORDO_SERVICENOW_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to ServiceNow (ms).' },
  ORDO_ACTIVATION_URL: { type: 'url', default: '', doc: 'Network activation gateway (HLR/HSS provisioning). Empty: Ordo runs its simulator in-process (see ORDO_SIMULATORS), or else activation steps fail.' },
  ORDO_ACTIVATION_API_KEY: { type: 'secret', default: '', doc: 'Bearer key for the activation gateway.' },
  ORDO_ACTIVATION_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to the activation gateway (ms); failed requests are retried with the same idempotency key.' },
  ORDO_CUSTOMER_CHECK: { type: 'enum', values: ['registered', 'off'], default: 'registered', doc: "registered: an order's customer (relatedParty in role Customer) must be a TMF629 customer Ordo keeps, not suspended, and its billing account one of the customer's, active; off: orders may name customers kept elsewhere (a CRM), which Ordo does not check." },
  ORDO_NOTIFY_URL: { type: 'url', default: '', doc: 'TMF681 Communication gateway that sends SMS and e-mail (one-time passwords, reminders). Empty: Ordo runs its simulator in-process (see ORDO_SIMULATORS), or else sign-up cannot send codes.' },
  ORDO_NOTIFY_API_KEY: { type: 'secret', default: '', doc: 'Bearer key for the Communication gateway.' },
  ORDO_NOTIFY_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to the Communication gateway (ms); failed requests are retried with the same idempotency key.' },
  ORDO_NOTIFY_SMS_SENDER: { type: 'string', default: 'Ordo', doc: 'Sender name or number of SMS.' },
  ORDO_NOTIFY_EMAIL_SENDER: { type: 'string', default: 'no-reply@ordo.invalid', doc: 'From address of e-mails.' },
  ORDO_IDP_URL: { type: 'url', default: '', doc: 'Keycloak base URL (e.g. https://sso.example.com) where sign-up creates users. Empty: Ordo runs a Keycloak simulator in-process (see ORDO_SIMULATORS), or else sign-up stops before creating the user (an incident).' },
  ORDO_IDP_REALM: { type: 'string', default: 'ordo', doc: 'Keycloak realm of self-service users.' },
  ORDO_IDP_CLIENT_ID: { type: 'string', default: 'ordo-admin', doc: "Keycloak client (client credentials) with the realm-management roles manage-users and view-users." },
  ORDO_IDP_CLIENT_SECRET: { type: 'secret', default: '', doc: 'That client\'s secret.' },
  ORDO_IDP_PARTY_ATTRIBUTE: { type: 'string', default: 'ordo_party', doc: 'User attribute holding the party a user acts for; map it into tokens as the claim ORDO_AUTH_PARTY_CLAIM (a Keycloak user-attribute mapper).' },
  ORDO_IDP_TIMEOUT_MS: { type: 'interval', default: 10_000, doc: 'Timeout of one request to Keycloak (ms).' },
  ORDO_OTP_TTL_MS: { type: 'interval', default: 600_000, doc: 'How long a sign-up one-time password is good for (ms); the sign-up expires with it unless a new code is asked for.' },
  ORDO_OTP_MAX_ATTEMPTS: { type: 'int', default: 5, doc: 'Wrong codes after which a sign-up is locked (it must be started again).' },
  ORDO_OTP_RESEND_COOLDOWN_MS: { type: 'interval', default: 60_000, doc: 'Least time between two codes sent for one sign-up (ms).' },
  ORDO_OTP_PEPPER: { type: 'secret', default: '', doc: 'Secret (at least 16 characters) keying the stored hashes of one-time codes (HMAC-SHA256); the same on every Ordo instance, or a code sent by one fails on another. Required unless the local stack is used (there: a random one per process).' },
  ORDO_SIGNUP_LIMIT_PER_ADDRESS: { type: 'int', default: 5, doc: 'Sign-ups and codes sent per e-mail address or phone number per hour.' },
  ORDO_SIGNUP_LIMIT_PER_IP: { type: 'int', default: 30, doc: 'Sign-up requests, verifications and resends per client IP per hour (behind a proxy, set Express trust proxy through ORDO_TRUST_PROXY).' },
  ORDO_CART_FIRST_REMINDER_AFTER_MS: { type: 'interval', default: 86_400_000, doc: 'How long a shopping cart is idle before its first reminder (ms); any change to the cart starts the wait again. The value reaches the abandoned-cart model as variable firstReminderAfter (an ISO-8601 duration): replace the timer\'s expression to fix it in the model.' },
  ORDO_CART_SECOND_REMINDER_AFTER_MS: { type: 'interval', default: 172_800_000, doc: 'How long after the first reminder a still idle cart gets the second one (ms; model variable secondReminderAfter).' },
  ORDO_CART_EXPIRE_AFTER_MS: { type: 'interval', default: 259_200_000, doc: 'How long after the second reminder a still idle cart expires and its held numbers go back to the pool (ms; model variable expireAfter).' },
  ORDO_CART_LINK: { type: 'string', default: '', doc: 'The link back to a cart in reminders, with {id} for the cart id (e.g. https://shop.example.com/cart/{id}). Empty: the cart\'s TMF663 href.' },
  ORDO_CART_MAX_ITEMS: { type: 'int', default: 50, doc: 'Most items (nested ones included) one shopping cart may hold.' },
  ORDO_CART_HOLD_LIMIT_PER_CART: { type: 'int', default: 10, doc: 'Phone numbers one cart may hold or swap per hour.' },
  ORDO_CART_ANONYMOUS_LIMIT_PER_IP: { type: 'int', default: 20, doc: 'Carts a visitor without a token may create per client IP (IPv6: per /64) per hour.' },
  ORDO_CART_HOLD_LIMIT_PER_CUSTOMER: { type: 'int', default: 30, doc: 'Phone numbers one customer (a party; for an anonymous cart the visitor\'s client IP or IPv6 /64, or the cart itself when a back end with ordo:all-parties uses it) may hold or swap per hour, over all their carts.' },
  ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER: { type: 'count', default: 10, doc: 'Phone numbers one customer (as for ORDO_CART_HOLD_LIMIT_PER_CUSTOMER) may hold at the same time, over all their carts; one more is refused (409) until they release one or check a cart out. A swap is not one more.' },
  ORDO_CART_CANDIDATE_LIMIT_PER_CUSTOMER: { type: 'count', default: 30, doc: 'Number-candidate searches (GET shoppingCart/{id}/numberCandidate) one customer (as for ORDO_CART_HOLD_LIMIT_PER_CUSTOMER) may make per minute, over all their carts (429 with Retry-After).' },
  ORDO_TRUST_PROXY: { type: 'string', default: '', doc: "Express 'trust proxy' setting (e.g. 1, loopback, 10.0.0.0/8), so the client IP of rate limits is the one the proxy saw. Empty: the socket's address." },
  ORDO_SIGNUP_USER_ROLES: { type: 'list', default: 'order:read,order:write,order:cancel,catalog:read,customer:read', doc: 'Roles a self-service user needs (give them to the realm\'s default roles in Keycloak; the simulator puts them in its tokens).' },
  ORDO_SIMULATORS: { type: 'enum', values: ['auto', 'always', 'never'], default: 'auto', doc: 'auto: run the simulators of the payment provider, network activation, Communication gateway and Keycloak in-process for those without a URL, when the local stack is used; always: also with external servers (tests); never: not at all.' },
  ORDO_DEPLOY_ON_START: { type: 'bool', default: true, doc: 'Deploy bpmn/*.bpmn at start-up.' },
  ORDO_LOCAL_STACK: { type: 'enum', values: ['auto', 'always', 'never'], default: 'auto', doc: 'auto: start the local stack (Operaton, Kafka, a MongoDB-compatible server) when no engine, Kafka or MongoDB address is configured.' },
  ORDO_STACK_KEEP: { type: 'bool', default: false, doc: '`npm test` leaves the local stack running when it had to start it (faster reruns).' },
  ORDO_STACK_DIR: { type: 'string', default: path.join(os.homedir(), '.ordo', 'stack'), doc: 'Local stack: servers, data, logs and pid files.' },
  ORDO_LOG_LEVEL: { type: 'enum', values: ['error', 'warn', 'info', 'debug'], default: 'info', doc: 'winston log level.' },
  ORDO_METRICS_TOKEN: { type: 'secret', default: '', doc: 'Bearer token Prometheus presents to GET /metrics (`authorization: { credentials: … }` in its scrape config). Empty: /metrics is open, like /health.' },
  ORDO_OTEL_EXPORTER: { type: 'enum', values: ['none', 'console', 'otlp'], default: 'none', doc: 'Trace exporter; otlp uses OTEL_EXPORTER_OTLP_ENDPOINT.' },
  ORDO_AUTH: { type: 'enum', values: ['on', 'off'], default: 'on', doc: 'Bearer-token (OAuth 2.0 / OIDC) authentication of the TMF APIs. `off` lets every request in as an operator and logs a warning at start-up: for trials only.' },
  ORDO_AUTH_ISSUER: { type: 'url', default: '', doc: 'Issuer of the tokens Ordo accepts (`iss`), e.g. a Keycloak realm URL; its keys come from <issuer>/.well-known/openid-configuration. Empty with the local stack: Ordo runs a local issuer and prints a token.' },
  ORDO_AUTH_AUDIENCE: { type: 'string', default: 'ordo', doc: 'Audience (`aud`) the tokens must name.' },
  ORDO_AUTH_CLIENT_ID: { type: 'string', default: 'ordo', doc: 'Client whose Keycloak client roles (`resource_access.<client>.roles`) count as Ordo roles, beside realm roles and `scope`.' },
  ORDO_AUTH_PARTY_CLAIM: { type: 'string', default: 'party', doc: 'Claim binding a token to a party or channel: such a token sees and changes only that party\'s orders.' },
  ORDO_AUTH_CLOCK_SKEW_S: { type: 'int', default: 30, doc: 'Clock skew allowed on `exp` and `nbf` (seconds).' },
  ORDO_CONSOLE_CLIENT_ID: { type: 'string', default: 'ordo-console', doc: 'Public OIDC client (authorization code with PKCE, no secret) the back-office console at /console signs in with. At Keycloak: a public client whose redirect URI is <ORDO_PUBLIC_URL>/console/ and whose tokens name ORDO_AUTH_AUDIENCE (an audience mapper).' },
  ORDO_CONSOLE_SCOPE: { type: 'string', default: 'openid', doc: 'Scopes the console asks for when it signs in.' },
  ORDO_HUB_CALLBACK_HOSTS: { type: 'list', default: '*', doc: 'Hosts hub callbacks may go to: names, `*.example.com`, or `*` for any public host. Loopback and private addresses only when named here; link-local and cloud metadata addresses never.' },
  OTEL_EXPORTER_OTLP_ENDPOINT: { type: 'string', default: 'http://127.0.0.1:4318', doc: 'OTLP/HTTP endpoint for traces.' },
} as const satisfies Record<string, VariableSpec>;

type VariableSpec =
  | { type: 'string' | 'url' | 'secret' | 'list'; default: string; doc: string }
  | { type: 'int' | 'count' | 'port' | 'interval' | 'ttl'; default: number; doc: string }
  | { type: 'bool'; default: boolean; doc: string }
  | { type: 'enum'; values: readonly string[]; default: string; doc: string };

type ValueOf<S> = S extends { type: 'int' | 'count' | 'port' | 'interval' | 'ttl' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'list' }
      ? string[]
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : string;

export type Env = { -readonly [K in keyof typeof variables]: ValueOf<(typeof variables)[K]> };

export interface Config {
  /** publicUrl is empty when not configured: Ordo then uses http://localhost:<listening port>. */
  http: { host: string; port: number; publicUrl: string; trustProxy: string };
  mongo: { url: string; db: string };
  kafka: {
    brokers: string[];
    clientId: string;
    topicPrefix: string;
    tls?: { caFile: string; certFile: string; keyFile: string };
    sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  };
  engine: { url: string; user: string; password: string; tenant: string; timeoutMs: number; dbUrl: string };
  cockpit: { url: string; login: string };
  process: { startRetryMs: number; messageTtlMs: number; deployOnStart: boolean };
  extensionSchemasDir: string;
  catalog: { source: 'store' | 'remote' | 'store-then-remote'; seedFile: string; processMappingFile: string; remote: { url: string; ttlMs: number; timeoutMs: number } };
  inventory: { reservationTtlMs: number; sweepMs: number; seedSize: number };
  outbox: { pollMs: number };
  hub: { timeoutMs: number; callbackHosts: string[]; maxFailures: number; maxEventAgeMs: number; deadLetterRetentionMs: number };
  /** `issuer` empty and `simulate`: Ordo runs the local issuer. */
  auth: { enabled: boolean; issuer: string; audience: string; clientId: string; partyClaim: string; clockSkewS: number; simulate: boolean };
  workers: { maxJobs: number; timeoutMs: number; lockMs: number; pollMs: number; retryBackoffMs: number; shutdownGraceMs: number };
  /** `simulate`: no provider configured, local stack: Ordo runs the payment simulator itself. */
  /** `simulate`: no gateway configured, local stack: Ordo runs the activation simulator itself. */
  activation: { url: string; apiKey: string; timeoutMs: number; simulate: boolean };
  servicenow: { url: string; auth: { kind: 'basic'; user: string; password: string } | { kind: 'oauth'; clientId: string; clientSecret: string } | undefined; webhookUser: string; webhookPassword: string; timeoutMs: number };
  salesforce: { loginUrl: string; clientId: string; clientSecret: string; inboundToken: string; timeoutMs: number };
  payment: { providerUrl: string; apiKey: string; webhookSecret: string; webhookToleranceMs: number; timeoutMs: number; confirmationTimeoutMs: number; simulate: boolean };
  customers: { check: 'registered' | 'off' };
  /** `simulate`: no gateway configured, local stack: Ordo runs the Communication gateway simulator itself. */
  notify: { url: string; apiKey: string; timeoutMs: number; simulate: boolean; sender: { sms: string; email: string } };
  /** `simulate`: no Keycloak configured, local stack: Ordo runs the Keycloak simulator itself. */
  identity: { url: string; realm: string; clientId: string; clientSecret: string; partyAttribute: string; timeoutMs: number; simulate: boolean; userRoles: string[] };
  signUp: { otpTtlMs: number; maxAttempts: number; resendCooldownMs: number; pepper: string; limitPerAddress: number; limitPerIp: number };
  carts: { firstReminderAfterMs: number; secondReminderAfterMs: number; expireAfterMs: number; link: string; maxItems: number; holdsPerCart: number; holdsPerCustomer: number; holdsAtOncePerCustomer: number; searchesPerCustomer: number; anonymousCartsPerIp: number };
  localStack: { mode: 'auto' | 'always' | 'never'; dir: string; wanted: boolean; keepAfterTests: boolean };
  log: { level: 'error' | 'warn' | 'info' | 'debug' };
  tracing: { exporter: 'none' | 'console' | 'otlp'; otlpEndpoint: string };
  metrics: { token: string };
  console: { clientId: string; scope: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

const schemaFor = (spec: VariableSpec): object => {
  switch (spec.type) {
    case 'int': return { type: 'integer', minimum: 0 };
    case 'count': return { type: 'integer', minimum: 1 };
    case 'interval': return { type: 'integer', minimum: 50 };
    case 'ttl': return { type: 'integer', minimum: 600_000 };
    case 'port': return { type: 'integer', minimum: 0, maximum: 65535 };
    case 'bool': return { type: 'boolean' };
    case 'enum': return { enum: spec.values };
    case 'list': return { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } };
    case 'url': return { type: 'string', anyOf: [{ const: '' }, { pattern: '^https?://[^\\s]+$' }] };
    default: return { type: 'string' };
  }
};

const validateEnv = new Ajv({ allErrors: true, coerceTypes: false }).compile({
  type: 'object',
  properties: Object.fromEntries(Object.entries(variables).map(([name, spec]) => [name, schemaFor(spec)])),
});

function parse(name: string, spec: VariableSpec, raw: string | undefined): unknown {
  if (raw === undefined || raw === '') return spec.type === 'list' ? String(spec.default).split(',') : spec.default;
  switch (spec.type) {
    case 'int':
    case 'count':
    case 'interval':
    case 'ttl':
    case 'port': return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    case 'bool': return ({ true: true, '1': true, yes: true, false: false, '0': false, no: false } as Record<string, boolean>)[raw.trim().toLowerCase()] ?? raw;
    case 'list': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    default: return raw.trim();
  }
}

const readable = (file: string) => {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
};

const isExternalConfigured = (source: NodeJS.ProcessEnv) => ['ORDO_MONGO_URL', 'ORDO_KAFKA_BROKERS', 'ORDO_ENGINE_URL'].some((n) => !!source[n]);
const isLocalStackWanted = (e: Env, source: NodeJS.ProcessEnv) => e.ORDO_LOCAL_STACK === 'always' || (e.ORDO_LOCAL_STACK === 'auto' && !isExternalConfigured(source));
const simulatorsWanted = (e: Env, source: NodeJS.ProcessEnv) => e.ORDO_SIMULATORS === 'always' || (e.ORDO_SIMULATORS === 'auto' && isLocalStackWanted(e, source));

/** Reads and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) env[name] = parse(name, spec, source[name]);
  if (!validateEnv(env)) {
    const problems = (validateEnv.errors ?? []).map((e) => {
      const name = e.instancePath.split('/')[1] ?? '';
      const spec = (variables as Record<string, VariableSpec>)[name];
      return `${name}=${JSON.stringify(source[name])}: ${e.message ?? 'invalid'}${spec ? ` (${spec.doc})` : ''}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = env as Env;
  if (!!e.ORDO_ENGINE_USER !== !!e.ORDO_ENGINE_PASSWORD) throw new ConfigError(['ORDO_ENGINE_USER and ORDO_ENGINE_PASSWORD go together']);
  if (e.ORDO_PAYMENT_PROVIDER_URL && !e.ORDO_PAYMENT_WEBHOOK_SECRET) throw new ConfigError(['ORDO_PAYMENT_PROVIDER_URL needs ORDO_PAYMENT_WEBHOOK_SECRET (callbacks are verified with it)']);
  if (e.ORDO_SALESFORCE_LOGIN_URL && !(e.ORDO_SALESFORCE_CLIENT_ID && e.ORDO_SALESFORCE_CLIENT_SECRET)) throw new ConfigError(['ORDO_SALESFORCE_LOGIN_URL needs ORDO_SALESFORCE_CLIENT_ID and ORDO_SALESFORCE_CLIENT_SECRET']);
  if (e.ORDO_SALESFORCE_INBOUND_TOKEN && !e.ORDO_SALESFORCE_LOGIN_URL) throw new ConfigError(['ORDO_SALESFORCE_INBOUND_TOKEN needs ORDO_SALESFORCE_LOGIN_URL (orders from Salesforce are reported back to it)']);
  const servicenowAuth = e.ORDO_SERVICENOW_CLIENT_ID && e.ORDO_SERVICENOW_CLIENT_SECRET
    ? { kind: 'oauth' as const, clientId: e.ORDO_SERVICENOW_CLIENT_ID, clientSecret: e.ORDO_SERVICENOW_CLIENT_SECRET }
    : e.ORDO_SERVICENOW_USER && e.ORDO_SERVICENOW_PASSWORD ? { kind: 'basic' as const, user: e.ORDO_SERVICENOW_USER, password: e.ORDO_SERVICENOW_PASSWORD } : undefined;
  if (e.ORDO_SERVICENOW_URL && !servicenowAuth) throw new ConfigError(['ORDO_SERVICENOW_URL needs ORDO_SERVICENOW_USER and ORDO_SERVICENOW_PASSWORD, or ORDO_SERVICENOW_CLIENT_ID and ORDO_SERVICENOW_CLIENT_SECRET']);
  if (e.ORDO_SERVICENOW_URL && !(e.ORDO_SERVICENOW_WEBHOOK_USER && e.ORDO_SERVICENOW_WEBHOOK_PASSWORD)) throw new ConfigError(['ORDO_SERVICENOW_URL needs ORDO_SERVICENOW_WEBHOOK_USER and ORDO_SERVICENOW_WEBHOOK_PASSWORD (resolutions are authenticated with them)']);
  if (e.ORDO_KAFKA_SASL_MECHANISM && !(e.ORDO_KAFKA_SASL_USERNAME && e.ORDO_KAFKA_SASL_PASSWORD)) throw new ConfigError([`ORDO_KAFKA_SASL_MECHANISM=${e.ORDO_KAFKA_SASL_MECHANISM} needs ORDO_KAFKA_SASL_USERNAME and ORDO_KAFKA_SASL_PASSWORD`]);
  if (!!e.ORDO_KAFKA_TLS_CERT_FILE !== !!e.ORDO_KAFKA_TLS_KEY_FILE) throw new ConfigError(['ORDO_KAFKA_TLS_CERT_FILE and ORDO_KAFKA_TLS_KEY_FILE go together']);
  const kafkaFiles = ['ORDO_KAFKA_TLS_CA_FILE', 'ORDO_KAFKA_TLS_CERT_FILE', 'ORDO_KAFKA_TLS_KEY_FILE'] as const;
  if (!e.ORDO_KAFKA_TLS && kafkaFiles.some((f) => e[f])) throw new ConfigError([`${kafkaFiles.filter((f) => e[f]).join(', ')} need ORDO_KAFKA_TLS=true`]);
  const unreadable = kafkaFiles.filter((f) => e[f] && !readable(e[f]));
  if (unreadable.length) throw new ConfigError(unreadable.map((f) => `${f}=${e[f]}: cannot be read`));
  if (e.ORDO_IDP_URL && !e.ORDO_IDP_CLIENT_SECRET) throw new ConfigError(['ORDO_IDP_URL needs ORDO_IDP_CLIENT_SECRET (users are created with client credentials)']);
  if (e.ORDO_CATALOG_SOURCE !== 'store' && !e.ORDO_TMF620_URL) throw new ConfigError([`ORDO_CATALOG_SOURCE=${e.ORDO_CATALOG_SOURCE} needs ORDO_TMF620_URL`]);
  const externalConfigured = isExternalConfigured(source);
  const localStackWanted = isLocalStackWanted(e, source);
  if (e.ORDO_OTP_PEPPER && e.ORDO_OTP_PEPPER.length < 16) throw new ConfigError(['ORDO_OTP_PEPPER: at least 16 characters']);
  const simulators = simulatorsWanted(e, source);
  return {
    http: { host: e.ORDO_HTTP_HOST, port: e.ORDO_HTTP_PORT, publicUrl: e.ORDO_PUBLIC_URL.replace(/\/+$/, ''), trustProxy: e.ORDO_TRUST_PROXY },
    mongo: { url: e.ORDO_MONGO_URL, db: e.ORDO_MONGO_DB },
    kafka: {
      brokers: e.ORDO_KAFKA_BROKERS,
      clientId: e.ORDO_KAFKA_CLIENT_ID,
      topicPrefix: e.ORDO_KAFKA_TOPIC_PREFIX,
      ...(e.ORDO_KAFKA_TLS ? { tls: { caFile: e.ORDO_KAFKA_TLS_CA_FILE, certFile: e.ORDO_KAFKA_TLS_CERT_FILE, keyFile: e.ORDO_KAFKA_TLS_KEY_FILE } } : {}),
      ...(e.ORDO_KAFKA_SASL_MECHANISM ? { sasl: { mechanism: e.ORDO_KAFKA_SASL_MECHANISM, username: e.ORDO_KAFKA_SASL_USERNAME, password: e.ORDO_KAFKA_SASL_PASSWORD } } : {}),
    },
    engine: { url: e.ORDO_ENGINE_URL.replace(/\/+$/, ''), user: e.ORDO_ENGINE_USER, password: e.ORDO_ENGINE_PASSWORD, tenant: e.ORDO_ENGINE_TENANT, timeoutMs: e.ORDO_ENGINE_TIMEOUT_MS, dbUrl: e.ORDO_ENGINE_DB_URL },
    cockpit: { url: e.ORDO_COCKPIT_URL.replace(/\/+$/, ''), login: e.ORDO_COCKPIT_LOGIN },
    process: { startRetryMs: e.ORDO_PROCESS_START_RETRY_MS, messageTtlMs: e.ORDO_PROCESS_MESSAGE_TTL_MS, deployOnStart: e.ORDO_DEPLOY_ON_START },
    outbox: { pollMs: e.ORDO_OUTBOX_POLL_MS },
    extensionSchemasDir: e.ORDO_EXTENSION_SCHEMAS_DIR,
    catalog: {
      source: e.ORDO_CATALOG_SOURCE,
      seedFile: e.ORDO_CATALOG_SEED_FILE,
      processMappingFile: e.ORDO_PROCESS_MAPPING_FILE,
      remote: { url: e.ORDO_TMF620_URL.replace(/\/+$/, ''), ttlMs: e.ORDO_TMF620_TTL_MS, timeoutMs: e.ORDO_TMF620_TIMEOUT_MS },
    },
    hub: { timeoutMs: e.ORDO_HUB_TIMEOUT_MS, callbackHosts: e.ORDO_HUB_CALLBACK_HOSTS, maxFailures: Math.max(1, e.ORDO_HUB_MAX_FAILURES), maxEventAgeMs: e.ORDO_HUB_MAX_EVENT_AGE_MS, deadLetterRetentionMs: e.ORDO_HUB_DEAD_LETTER_RETENTION_MS },
    auth: {
      enabled: e.ORDO_AUTH === 'on',
      issuer: e.ORDO_AUTH_ISSUER.replace(/\/+$/, ''),
      audience: e.ORDO_AUTH_AUDIENCE,
      clientId: e.ORDO_AUTH_CLIENT_ID,
      partyClaim: e.ORDO_AUTH_PARTY_CLAIM,
      clockSkewS: e.ORDO_AUTH_CLOCK_SKEW_S,
      simulate: !e.ORDO_AUTH_ISSUER && simulators,
    },
    inventory: {
      reservationTtlMs: e.ORDO_RESERVATION_TTL_MS,
      sweepMs: e.ORDO_RESERVATION_SWEEP_MS,
      // Made-up numbers only where nothing real is configured, unless asked for explicitly.
      seedSize: source['ORDO_INVENTORY_SEED_SIZE'] || !externalConfigured ? e.ORDO_INVENTORY_SEED_SIZE : 0,
    },
    workers: { maxJobs: e.ORDO_WORKER_MAX_JOBS, timeoutMs: e.ORDO_WORKER_TIMEOUT_MS, lockMs: e.ORDO_WORKER_LOCK_MS, pollMs: e.ORDO_WORKER_POLL_MS, retryBackoffMs: e.ORDO_WORKER_RETRY_BACKOFF_MS, shutdownGraceMs: e.ORDO_SHUTDOWN_GRACE_MS },
    activation: { url: e.ORDO_ACTIVATION_URL.replace(/\/+$/, ''), apiKey: e.ORDO_ACTIVATION_API_KEY, timeoutMs: e.ORDO_ACTIVATION_TIMEOUT_MS, simulate: !e.ORDO_ACTIVATION_URL && simulators },
    servicenow: { url: e.ORDO_SERVICENOW_URL.replace(/\/+$/, ''), auth: servicenowAuth, webhookUser: e.ORDO_SERVICENOW_WEBHOOK_USER, webhookPassword: e.ORDO_SERVICENOW_WEBHOOK_PASSWORD, timeoutMs: e.ORDO_SERVICENOW_TIMEOUT_MS },
    salesforce: { loginUrl: e.ORDO_SALESFORCE_LOGIN_URL.replace(/\/+$/, ''), clientId: e.ORDO_SALESFORCE_CLIENT_ID, clientSecret: e.ORDO_SALESFORCE_CLIENT_SECRET, inboundToken: e.ORDO_SALESFORCE_INBOUND_TOKEN, timeoutMs: e.ORDO_SALESFORCE_TIMEOUT_MS },
    payment: {
      providerUrl: e.ORDO_PAYMENT_PROVIDER_URL.replace(/\/+$/, ''),
      apiKey: e.ORDO_PAYMENT_PROVIDER_API_KEY,
      webhookSecret: e.ORDO_PAYMENT_WEBHOOK_SECRET,
      webhookToleranceMs: e.ORDO_PAYMENT_WEBHOOK_TOLERANCE_MS,
      timeoutMs: e.ORDO_PAYMENT_TIMEOUT_MS,
      confirmationTimeoutMs: e.ORDO_PAYMENT_CONFIRMATION_TIMEOUT_MS,
      simulate: !e.ORDO_PAYMENT_PROVIDER_URL && simulators,
    },
    customers: { check: e.ORDO_CUSTOMER_CHECK },
    notify: { url: e.ORDO_NOTIFY_URL.replace(/\/+$/, ''), apiKey: e.ORDO_NOTIFY_API_KEY, timeoutMs: e.ORDO_NOTIFY_TIMEOUT_MS, simulate: !e.ORDO_NOTIFY_URL && simulators, sender: { sms: e.ORDO_NOTIFY_SMS_SENDER, email: e.ORDO_NOTIFY_EMAIL_SENDER } },
    identity: {
      url: e.ORDO_IDP_URL.replace(/\/+$/, ''),
      realm: e.ORDO_IDP_REALM,
      clientId: e.ORDO_IDP_CLIENT_ID,
      clientSecret: e.ORDO_IDP_CLIENT_SECRET,
      partyAttribute: e.ORDO_IDP_PARTY_ATTRIBUTE,
      timeoutMs: e.ORDO_IDP_TIMEOUT_MS,
      simulate: !e.ORDO_IDP_URL && simulators,
      userRoles: e.ORDO_SIGNUP_USER_ROLES,
    },
    signUp: { otpTtlMs: e.ORDO_OTP_TTL_MS, maxAttempts: Math.max(1, e.ORDO_OTP_MAX_ATTEMPTS), resendCooldownMs: e.ORDO_OTP_RESEND_COOLDOWN_MS, pepper: e.ORDO_OTP_PEPPER, limitPerAddress: Math.max(1, e.ORDO_SIGNUP_LIMIT_PER_ADDRESS), limitPerIp: Math.max(1, e.ORDO_SIGNUP_LIMIT_PER_IP) },
    carts: {
      firstReminderAfterMs: e.ORDO_CART_FIRST_REMINDER_AFTER_MS,
      secondReminderAfterMs: e.ORDO_CART_SECOND_REMINDER_AFTER_MS,
      expireAfterMs: e.ORDO_CART_EXPIRE_AFTER_MS,
      link: e.ORDO_CART_LINK,
      maxItems: Math.max(1, e.ORDO_CART_MAX_ITEMS),
      holdsPerCart: Math.max(1, e.ORDO_CART_HOLD_LIMIT_PER_CART),
      holdsPerCustomer: Math.max(1, e.ORDO_CART_HOLD_LIMIT_PER_CUSTOMER),
      holdsAtOncePerCustomer: e.ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER,
      searchesPerCustomer: e.ORDO_CART_CANDIDATE_LIMIT_PER_CUSTOMER,
      anonymousCartsPerIp: Math.max(1, e.ORDO_CART_ANONYMOUS_LIMIT_PER_IP),
    },
    localStack: {
      mode: e.ORDO_LOCAL_STACK,
      dir: e.ORDO_STACK_DIR,
      keepAfterTests: e.ORDO_STACK_KEEP,
      wanted: localStackWanted,
    },
    log: { level: e.ORDO_LOG_LEVEL },
    tracing: { exporter: e.ORDO_OTEL_EXPORTER, otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT },
    metrics: { token: e.ORDO_METRICS_TOKEN },
    console: { clientId: e.ORDO_CONSOLE_CLIENT_ID, scope: e.ORDO_CONSOLE_SCOPE },
  };
}

/** The variable table, for `ordo config` and the README (defaults are never real secrets). */
export function describeVariables(): { name: string; default: string; doc: string }[] {
  return Object.entries(variables).map(([name, spec]) => ({
    name,
    default: String(spec.default).replace(packageRoot, '<ordo>').replace(os.homedir(), '~'),
    doc: spec.doc,
  }));
}

/** The README's configuration table, generated so it cannot drift (`ordo config --markdown`). */
export function variablesMarkdown(): string {
  const rows = describeVariables().map((v) => `| \`${v.name}\` | ${v.default === '' ? '(empty)' : `\`${v.default}\``} | ${v.doc.replaceAll('|', '\\|')} |`);
  return ['| variable | default | purpose |', '|---|---|---|', ...rows].join('\n');
}
