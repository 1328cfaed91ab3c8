import { PeriodicTask } from '../process/periodic-task.js';
import { signUpWorkers } from '../../workers/index.js';
import type { Capability } from '../capability.js';
import type { PartyRecords } from '../customers/party-records.js';
import type { PartyUsers } from '../customers/party-users.js';
import type { Notifications } from '../notifications/notifications.js';
import { randomBytes } from 'node:crypto';
import type { Db, MongoClient } from 'mongodb';
import type { Express } from 'express';
import type { Config } from '../config/config.js';
import type { Forgetter } from '../customers/erase-customer.js';
import type { PartyIdentities } from '../customers/party-identity.js';
import type { Logger } from '../observability/logger.js';
import { MessageNotifier } from '../process/message-notifier.js';
import { ProcessStarter } from '../process/process-starter.js';
import type { ProcessEngine } from '../process/process-engine.js';
import { signUpRoutes } from './routes.js';
import { SIGN_UP_BASE_PATH, SignUpStore } from './sign-up.js';
import { SignUpLimits } from './sign-up-limits.js';
import { signUpMessages, signUpStarts } from './sign-up-messages.js';

/** How soon a message the sign-up's process did not take yet is offered again (ms, doubling up to 10 s). */
const SIGNAL_RETRY_MS = 250;

export interface SignUpSettings {
  db: Db;
  client: MongoClient;
  dbName: string;
  engine: ProcessEngine;
  identities: PartyIdentities;
  publicUrl: () => string;
  config: Config['signUp'];
  process: { retryMs: number; leaseMs: number; messageTtlMs: number };
  log: Logger;
}

/** Self-service sign-up: the API, the start of bpmn/sign-up.bpmn per sign-up, and the messages it waits for. */
export interface SignUps {
  store: SignUpStore;
  pepper: Buffer;
  mount(app: Express): void;
  forgetter(): Forgetter;
  run(): void;
  stop(): Promise<void>;
}

export async function openSignUps(settings: SignUpSettings): Promise<SignUps> {
  const { config, log } = settings;
  const store = new SignUpStore(settings.db, settings.publicUrl);
  await store.ensureIndexes();
  // Required (config) unless the local stack is used.
  if (!config.pepper) log.warn('ORDO_OTP_PEPPER is not set (local stack): a random one is used, so codes sent before a restart cannot be verified');
  const pepper = config.pepper ? Buffer.from(config.pepper, 'utf8') : randomBytes(32);
  const starter = new ProcessStarter(signUpStarts(store, config.otpTtlMs), settings.engine, { retryMs: settings.process.retryMs, leaseMs: settings.process.leaseMs }, log);
  // A person waits for the answer, and a code typed quickly arrives before the process waits for it: offered again soon.
  const notifier = new MessageNotifier(signUpMessages(store), settings.engine, { pollMs: Math.min(settings.process.retryMs, SIGNAL_RETRY_MS), messageTtlMs: settings.process.messageTtlMs }, log);
  const limits = new SignUpLimits(settings.client, settings.dbName, { perIp: config.limitPerIp, perAddress: config.limitPerAddress });
  const purge = new PeriodicTask('purging ended sign-ups', 3_600_000, () => store.purgeEnded(), log);
  return {
    store,
    pepper,
    mount(app) {
      app.use(SIGN_UP_BASE_PATH, signUpRoutes({ signUps: store, identities: settings.identities, limits, pepper, maxAttempts: config.maxAttempts, resendCooldownMs: config.resendCooldownMs, start: (id) => starter.kick(id), signal: (id) => notifier.kick(id) }));
    },
    forgetter: () => ({
      what: 'signUps',
      forget: async (subject) => (await store.collection.deleteMany({ $or: [{ email: { $in: subject.emails } }, { phone: { $in: subject.phones } }, { 'result.individualId': { $in: subject.partyIds } }] })).deletedCount,
    }),
    run() {
      starter.run();
      notifier.run();
      purge.start();
    },
    async stop() {
      await purge.stop();
      await starter.stop();
      await notifier.stop();
    },
  };
}

/** Sign-up as the composition root runs it: its API, the steps of its process (which create the customer and its user), its starts and messages. */
export function signUpsModule(signUps: SignUps, uses: { records: PartyRecords; users: PartyUsers; notifications: Notifications; otpTtlMs: number }): Capability {
  return {
    name: 'sign-ups',
    mount: (app) => signUps.mount(app),
    workers: signUpWorkers({ signUps: signUps.store, pepper: signUps.pepper, ...uses }),
    onceDeployed: [signUps],
  };
}
