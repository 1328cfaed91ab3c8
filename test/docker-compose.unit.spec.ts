import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { describeVariables, loadConfig } from '../engine/config/config.js';
import { packageRoot } from '../engine/paths.js';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

describe('compose/docker-compose.yml (checked statically: no Docker engine here; bench/cluster-drill runs the same topology)', () => {
  const compose = parse(readFileSync(path.join(packageRoot, 'compose', 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;

  it('has PostgreSQL, two Operaton nodes, two Ordo instances, Kafka, a MongoDB replica set and the simulators; nothing of Camunda 8', () => {
    expect(Object.keys(services).sort()).to.deep.equal(['kafka', 'mongo', 'operaton-1', 'operaton-2', 'ordo-1', 'ordo-2', 'postgres', 'simulators']);
    expect(services['mongo']!.image).to.match(/^mongo:/);
    expect(JSON.stringify(services['mongo'])).to.contain('--replSet');
    expect(readFileSync(path.join(packageRoot, 'compose', 'docker-compose.yml'), 'utf8')).not.to.match(/zeebe|camunda\/|operate|elasticsearch|opensearch/i);
  });

  it('pins every image to an exact version, also the bases of the images it builds', () => {
    // An exact release: 1.2.3, or PostgreSQL's own 15.10.
    for (const [name, s] of Object.entries(services)) expect(s.image, name).to.match(/:\d+\.\d+(\.\d+)?$/);
    for (const dockerfile of ['Dockerfile', 'Dockerfile.operaton']) {
      const froms = [...readFileSync(path.join(packageRoot, 'compose', dockerfile), 'utf8').matchAll(/^FROM (\S+)/gm)].map((m) => m[1]!);
      expect(froms.length, dockerfile).to.be.greaterThan(0);
      for (const from of froms) expect(from, dockerfile).to.match(/:\d+\.\d+\.\d+[\w.-]*$/);
    }
  });

  it('runs the Operaton nodes on one PostgreSQL; the first creates the schema, the second waits for it', () => {
    for (const name of ['operaton-1', 'operaton-2']) {
      const node = services[name]!;
      expect(node.build?.dockerfile).to.equal('compose/Dockerfile.operaton');
      expect(node.environment?.['ORDO_ENGINE_DB_URL']).to.equal('jdbc:postgresql://postgres:5432/operaton');
      expect(node.environment?.['ORDO_ENGINE_REST_AUTH']).to.equal('basic');
    }
    expect(services['operaton-1']!.environment?.['ORDO_ENGINE_SCHEMA_UPDATE']).to.equal('true');
    expect(services['operaton-2']!.environment?.['ORDO_ENGINE_SCHEMA_UPDATE']).to.equal('false');
    expect(services['operaton-2']!.depends_on?.['operaton-1']?.condition).to.equal('service_healthy');
    // The engine reads exactly these names (compose/local/operaton application.yaml).
    const yaml = readFileSync(path.join(packageRoot, 'compose', 'local', 'operaton', 'src', 'main', 'resources', 'application.yaml'), 'utf8');
    for (const name of Object.keys(services['operaton-1']!.environment ?? {})) expect(yaml, `the engine does not read ${name}`).to.contain(`\${${name}:`);
  });

  it('gives each Ordo only variables Ordo reads, a configuration Ordo accepts, its own engine node and the shared servers', () => {
    const known = new Set(describeVariables().map((v) => v.name));
    for (const [name, engineNode, port] of [['ordo-1', 'operaton-1', '8622:8622'], ['ordo-2', 'operaton-2', '8623:8622']] as const) {
      const ordo = services[name]!;
      expect(ordo.build?.dockerfile).to.equal('compose/Dockerfile');
      for (const variable of Object.keys(ordo.environment ?? {})) expect(known.has(variable), `${variable} is not an Ordo variable`).to.equal(true);
      const config = loadConfig(ordo.environment);
      expect(config.localStack.wanted).to.equal(false);
      expect(config.auth.enabled && !!config.auth.issuer, 'ORDO_AUTH on, with an issuer').to.equal(true);
      expect(config.activation.url, 'an activation gateway').to.not.equal('');
      expect(config.payment.providerUrl, 'a payment provider').to.not.equal('');
      expect(config.engine.url).to.equal(`http://${engineNode}:8080/engine-rest`);
      expect(config.kafka.brokers).to.deep.equal(['kafka:9092']);
      expect(config.mongo.url).to.match(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/);
      expect(ordo.ports).to.include(port);
      expect(Object.keys(ordo.depends_on ?? {})).to.include.members(['operaton-1', 'operaton-2', 'kafka', 'mongo', 'simulators']);
    }
  });

  it('runs the simulators from the Ordo image, with the keys Ordo is given', () => {
    const sim = services['simulators']!;
    expect(sim.command).to.deep.equal(['node', 'dist/adapters/run-simulators.js']);
    const ordo = services['ordo-1']!.environment!;
    expect(sim.environment?.['SIM_PAYMENT_API_KEY']).to.equal(ordo['ORDO_PAYMENT_PROVIDER_API_KEY']);
    expect(sim.environment?.['SIM_PAYMENT_WEBHOOK_SECRET']).to.equal(ordo['ORDO_PAYMENT_WEBHOOK_SECRET']);
    expect(sim.environment?.['SIM_ACTIVATION_API_KEY']).to.equal(ordo['ORDO_ACTIVATION_API_KEY']);
    expect(sim.environment?.['SIM_NOTIFY_API_KEY']).to.equal(ordo['ORDO_NOTIFY_API_KEY']);
    expect(sim.environment?.['SIM_IDP_CLIENT_SECRET']).to.equal(ordo['ORDO_IDP_CLIENT_SECRET']);
    expect(ordo['ORDO_NOTIFY_URL']).to.equal(`http://${sim.environment?.['SIM_PUBLIC_HOST']}:9300`);
    expect(ordo['ORDO_IDP_URL']).to.equal(`http://${sim.environment?.['SIM_PUBLIC_HOST']}:9400`);
    expect(ordo['ORDO_AUTH_ISSUER']).to.equal(`http://${sim.environment?.['SIM_PUBLIC_HOST']}:9000`);
  });
});
