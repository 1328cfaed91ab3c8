import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { describeVariables } from '../engine/config/config.js';
import { packageRoot } from '../engine/paths.js';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

describe('compose/docker-compose.yml (checked statically: no Docker engine here)', () => {
  const compose = parse(readFileSync(path.join(packageRoot, 'compose', 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
  const services = compose.services;

  it('has Zeebe, Operate, Kafka, a MongoDB replica set and Ordo', () => {
    expect(Object.keys(services)).to.include.members(['zeebe', 'operate', 'kafka', 'mongo', 'ordo', 'elasticsearch']);
    expect(services['mongo']!.image).to.match(/^mongo:/);
    expect(JSON.stringify(services['mongo'])).to.contain('--replSet');
  });

  it('pins every image to an exact version', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!s.image) continue;
      expect(s.image, name).to.match(/:\d+\.\d+\.\d+$/);
    }
  });

  it('builds Ordo from compose/Dockerfile and gives it only variables Ordo reads', () => {
    const ordo = services['ordo']!;
    expect(ordo.build?.dockerfile).to.equal('compose/Dockerfile');
    readFileSync(path.join(packageRoot, 'compose', 'Dockerfile'), 'utf8');
    const known = new Set(describeVariables().map((v) => v.name));
    for (const name of Object.keys(ordo.environment ?? {})) expect(known.has(name), `${name} is not an Ordo variable`).to.equal(true);
    expect(ordo.environment?.['ORDO_LOCAL_STACK']).to.equal('never');
    expect(ordo.ports).to.include('8622:8622');
  });

  it("points Ordo at the services by their compose names and ports", () => {
    const env = services['ordo']!.environment!;
    expect(env['ZEEBE_GRPC_ADDRESS']).to.equal('grpc://zeebe:26500');
    expect(env['ORDO_KAFKA_BROKERS']).to.equal('kafka:9092');
    expect(env['ORDO_MONGO_URL']).to.match(/^mongodb:\/\/mongo:27017\/.*replicaSet=rs0/);
    expect(services['zeebe']!.ports).to.include('26500:26500');
    expect(Object.keys(services['ordo']!.depends_on ?? {})).to.include.members(['zeebe', 'kafka', 'mongo']);
  });
});
