import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../engine/paths.js';
import { ConfigError, describeVariables, loadConfig, variablesMarkdown } from '../engine/config/config.js';

describe('engine/config: one validated configuration', () => {
  it('defaults point at the local stack and ask for it', () => {
    const config = loadConfig({});
    expect(config.http.port).to.equal(8622);
    expect(config.mongo.url).to.contain('127.0.0.1:27017');
    expect(config.kafka.brokers).to.deep.equal(['127.0.0.1:9092']);
    expect(config.engine.url).to.equal('http://127.0.0.1:8080/engine-rest');
    expect(config.cockpit.url).to.equal('http://localhost:8080/operaton/app/cockpit/default');
    expect(config.localStack.wanted).to.equal(true);
  });

  it('an external server address turns the local stack off in auto mode', () => {
    expect(loadConfig({ ORDO_KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092' }).localStack.wanted).to.equal(false);
    expect(loadConfig({ ORDO_ENGINE_URL: 'http://operaton:8080/engine-rest' }).localStack.wanted).to.equal(false);
    expect(loadConfig({ ORDO_KAFKA_BROKERS: 'kafka-1:9092', ORDO_LOCAL_STACK: 'always' }).localStack.wanted).to.equal(true);
    expect(loadConfig({ ORDO_LOCAL_STACK: 'never' }).localStack.wanted).to.equal(false);
  });

  it('parses numbers, booleans and lists', () => {
    const config = loadConfig({ ORDO_HTTP_PORT: '9000', ORDO_DEPLOY_ON_START: 'false', ORDO_KAFKA_BROKERS: ' a:1 , b:2 ' });
    expect(config.http.port).to.equal(9000);
    expect(config.process.deployOnStart).to.equal(false);
    expect(config.kafka.brokers).to.deep.equal(['a:1', 'b:2']);
  });

  it('names every bad variable at once, with what it is for', () => {
    try {
      loadConfig({ ORDO_HTTP_PORT: 'eighty', ORDO_LOG_LEVEL: 'loud', ORDO_PUBLIC_URL: 'not a url', ORDO_DEPLOY_ON_START: 'maybe' });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['ORDO_HTTP_PORT', 'ORDO_LOG_LEVEL', 'ORDO_PUBLIC_URL', 'ORDO_DEPLOY_ON_START']) expect(problems).to.contain(name);
      expect(problems).to.contain('Port of the TMF APIs');
    }
  });

  it('a count must be at least 1: a cap of 0 numbers held at once is refused, not taken for 1', () => {
    expect(loadConfig({}).carts.holdsAtOncePerCustomer).to.equal(10);
    expect(loadConfig({ ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER: '4' }).carts.holdsAtOncePerCustomer).to.equal(4);
    for (const bad of ['0', 'ten', '-1']) expect(() => loadConfig({ ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER: bad }), bad).to.throw(ConfigError, 'ORDO_CART_HOLDS_AT_ONCE_PER_CUSTOMER');
  });

  it('describes every variable, and the README shows exactly that table (regenerate: ordo config --markdown)', () => {
    for (const v of describeVariables()) expect(v.doc.length, v.name).to.be.greaterThan(10);
    const readme = readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
    expect(readme).to.contain(variablesMarkdown());
  });
});
