import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { loadConfig, ConfigError, type Config } from '../engine/config/config.js';
import { AuthenticationError, MultipleErrors, NetworkError, ProtocolError } from '@platformatic/kafka';
import { BrokerUnavailableError, createKafkaProducer, sendFailure, topicFor } from '../engine/events/kafka.js';
import { brokerTlsFiles, localKafkaSecurity } from '../compose/local/kafka-security.js';
import { stackDirs } from '../compose/local/stack.js';
import { collectEvents, eventually, testConfig, testEnv } from './support/harness.js';

const isolation = randomUUID().slice(0, 8);

/** The same test Ordo's Kafka settings, pointed at one of the local broker's secured listeners. */
const securedConfig = (overrides: Record<string, string>): Config => loadConfig(testEnv(overrides, isolation));

describe("engine/events/kafka: Ordo's Kafka client over plain, SASL (PLAIN, SCRAM) and TLS listeners", function () {
  let plain: Config;
  let caFile: string;
  const { user, password } = localKafkaSecurity;
  const sasl = (mechanism: string, pass: string = password): Record<string, string> => ({ ORDO_KAFKA_SASL_MECHANISM: mechanism, ORDO_KAFKA_SASL_USERNAME: user, ORDO_KAFKA_SASL_PASSWORD: pass });

  before(function () {
    plain = testConfig({}, isolation);
    if (!plain.localStack.wanted) this.skip(); // the secured listeners are the local stack's
    caFile = brokerTlsFiles(path.join(stackDirs(plain).data, 'kafka')).caFile;
  });

  /** Sends one event through a producer with `overrides`, and reads it back through the plain listener. */
  async function roundTrip(overrides: Record<string, string>): Promise<void> {
    const config = securedConfig(overrides);
    const received = await collectEvents(plain, 'kafkaClient');
    const producer = createKafkaProducer(config.kafka);
    try {
      expect(await producer.reachable(5000), 'reachable').to.equal(true);
      const key = randomUUID();
      await producer.send(topicFor(config.kafka.topicPrefix, 'kafkaClient'), [{ key, value: JSON.stringify({ eventType: 'Probe', eventId: key, event: {} }), headers: { eventType: 'Probe' } }]);
      await eventually('the event read back', async () => received.events.some((e) => e.key === key));
    } finally {
      await producer.close();
      await received.stop();
    }
  }

  it('plain loopback (the default)', () => roundTrip({}));
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    it(`SASL ${mechanism}`, () => roundTrip({ ORDO_KAFKA_BROKERS: localKafkaSecurity.saslPlaintext, ...sasl(mechanism) }));
  }
  it('TLS, trusting the broker\'s CA', () => roundTrip({ ORDO_KAFKA_BROKERS: localKafkaSecurity.tls, ORDO_KAFKA_TLS: 'true', ORDO_KAFKA_TLS_CA_FILE: caFile }));
  it('SASL SCRAM-SHA-512 over TLS', () => roundTrip({ ORDO_KAFKA_BROKERS: localKafkaSecurity.saslTls, ORDO_KAFKA_TLS: 'true', ORDO_KAFKA_TLS_CA_FILE: caFile, ...sasl('SCRAM-SHA-512') }));

  it('a wrong password, or a broker certificate Ordo does not trust: Kafka counts as unavailable (events wait), nothing is sent', async () => {
    const cases: Record<string, string>[] = [
      { ORDO_KAFKA_BROKERS: localKafkaSecurity.saslPlaintext, ...sasl('SCRAM-SHA-256', 'wrong') },
      { ORDO_KAFKA_BROKERS: localKafkaSecurity.saslPlaintext, ...sasl('PLAIN', 'wrong') },
      { ORDO_KAFKA_BROKERS: localKafkaSecurity.tls, ORDO_KAFKA_TLS: 'true' },
    ];
    const received = await collectEvents(plain, 'kafkaClient');
    const key = randomUUID();
    try {
      for (const overrides of cases) {
        const producer = createKafkaProducer(securedConfig(overrides).kafka);
        try {
          expect(await producer.reachable(5000), JSON.stringify(overrides)).to.equal(false);
          const err = await producer.send(topicFor(plain.kafka.topicPrefix, 'kafkaClient'), [{ key, value: '{}', headers: {} }]).then(() => undefined, (e: unknown) => e);
          expect(err, JSON.stringify(overrides)).to.be.instanceOf(BrokerUnavailableError);
        } finally {
          await producer.close();
        }
      }
      // A probe sent after them arrives; none of the refused sends did.
      const probe = createKafkaProducer(plain.kafka);
      const after = randomUUID();
      try {
        await probe.send(topicFor(plain.kafka.topicPrefix, 'kafkaClient'), [{ key: after, value: '{}', headers: {} }]);
      } finally {
        await probe.close();
      }
      await eventually('the probe read back', async () => received.events.some((e) => e.key === after));
      expect(received.events.filter((e) => e.key === key)).to.deep.equal([]);
    } finally {
      await received.stop();
    }
  });

  it("failures are told apart with the client's own errors: a message refused for good is parked, anything about brokers, access or setup makes events wait", () => {
    const produce = (...errors: Error[]) => new MultipleErrors('Producing messages failed.', [new MultipleErrors('Received response with error while executing API Produce(v11)', errors)]);
    expect(sendFailure(produce(new ProtocolError('MESSAGE_TOO_LARGE')))).to.equal('refused');
    expect(sendFailure(produce(new ProtocolError('RECORD_LIST_TOO_LARGE')))).to.equal('refused');
    for (const id of ['TOPIC_AUTHORIZATION_FAILED', 'CLUSTER_AUTHORIZATION_FAILED', 'INVALID_TOPIC_EXCEPTION', 'UNSUPPORTED_VERSION', 'POLICY_VIOLATION', 'NOT_LEADER_OR_FOLLOWER']) {
      expect(sendFailure(produce(new ProtocolError(id))), id).to.equal('unavailable');
    }
    expect(sendFailure(new MultipleErrors('metadata failed 3 times.', [new MultipleErrors('Cannot connect to any broker.', [])]))).to.equal('unavailable');
    expect(sendFailure(new NetworkError('Connection closed'))).to.equal('unavailable');
    expect(sendFailure(new AuthenticationError('SASL authentication failed'))).to.equal('unavailable');
    expect(sendFailure(new TypeError('a bug of ours'))).to.equal('other');
  });

  it('configuration is checked at start-up: SASL needs a user and password, a client certificate its key, files must be readable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ ...testEnv({}, isolation), ...env });
        return '';
      } catch (err) {
        return err instanceof ConfigError ? err.problems.join('\n') : String(err);
      }
    };
    expect(problems({ ORDO_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256' })).to.contain('needs ORDO_KAFKA_SASL_USERNAME and ORDO_KAFKA_SASL_PASSWORD');
    expect(problems({ ORDO_KAFKA_SASL_MECHANISM: 'GSSAPI', ORDO_KAFKA_SASL_USERNAME: 'u', ORDO_KAFKA_SASL_PASSWORD: 'p' })).to.contain('ORDO_KAFKA_SASL_MECHANISM');
    expect(problems({ ORDO_KAFKA_TLS: 'true', ORDO_KAFKA_TLS_CERT_FILE: caFile })).to.contain('go together');
    expect(problems({ ORDO_KAFKA_TLS: 'true', ORDO_KAFKA_TLS_CA_FILE: '/no/such/ca.pem' })).to.contain('cannot be read');
    expect(problems({ ORDO_KAFKA_TLS_CA_FILE: caFile })).to.contain('need ORDO_KAFKA_TLS=true');
    expect(problems({ ORDO_KAFKA_TLS: 'true', ORDO_KAFKA_TLS_CA_FILE: caFile, ...sasl('SCRAM-SHA-512') })).to.equal('');
  });
});
