import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Jdk } from './jdk.js';

/**
 * The local broker's secured listeners, for the tests of Ordo's Kafka client: loopback only, with
 * a user and password that protect nothing but a developer's own machine.
 */
export const localKafkaSecurity = {
  saslPlaintext: '127.0.0.1:9094',
  tls: '127.0.0.1:9095',
  saslTls: '127.0.0.1:9096',
  user: 'ordo',
  password: 'ordo-local-kafka',
  scramMechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512'],
} as const;

const KEYSTORE_PASSWORD = 'ordo-local-keystore';

export interface BrokerTls {
  keystore: string;
  password: string;
  /** The broker's self-signed certificate (PEM): the CA a client trusts. */
  caFile: string;
}

/** Where the broker's key store and certificate are kept in the data folder. */
export const brokerTlsFiles = (kafkaHome: string): BrokerTls => ({ keystore: path.join(kafkaHome, 'tls', 'broker.p12'), password: KEYSTORE_PASSWORD, caFile: path.join(kafkaHome, 'tls', 'broker-ca.pem') });

/** A self-signed key pair for 127.0.0.1 and localhost, made once with the JDK's keytool. */
export function ensureBrokerTls(kafkaHome: string, jdk: Jdk): BrokerTls {
  const files = brokerTlsFiles(kafkaHome);
  if (existsSync(files.keystore) && existsSync(files.caFile)) return files;
  mkdirSync(path.dirname(files.keystore), { recursive: true });
  const keytool = path.join(jdk.home, 'bin', 'keytool');
  const store = ['-keystore', files.keystore, '-storetype', 'PKCS12', '-storepass', files.password];
  execFileSync(keytool, ['-genkeypair', '-alias', 'broker', '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '3650', '-dname', 'CN=localhost, O=Ordo local stack', '-ext', 'SAN=dns:localhost,ip:127.0.0.1', ...store], { stdio: 'ignore' });
  writeFileSync(files.caFile, execFileSync(keytool, ['-exportcert', '-rfc', '-alias', 'broker', ...store], { encoding: 'utf8' }));
  return files;
}

/**
 * SCRAM credentials live in the cluster's metadata, so they are added to the running broker (once;
 * a marker in the data folder remembers it).
 */
export function ensureScramUser(kafkaHome: string, jdk: Jdk, classPath: string[]): void {
  const marker = path.join(kafkaHome, 'tls', `scram-${localKafkaSecurity.user}`);
  if (existsSync(marker)) return;
  // One mechanism per request: the broker refuses to alter one user's credentials twice in a request.
  for (const mechanism of localKafkaSecurity.scramMechanisms) {
    try {
      execFileSync(jdk.java, [...classPath, 'kafka.admin.ConfigCommand', '--bootstrap-server', '127.0.0.1:9092', '--alter', '--add-config', `${mechanism}=[iterations=8192,password=${localKafkaSecurity.password}]`, '--entity-type', 'users', '--entity-name', localKafkaSecurity.user], { stdio: 'pipe', timeout: 60_000 });
    } catch (err) {
      const output = `${String((err as { stdout?: Buffer }).stdout ?? '')}${String((err as { stderr?: Buffer }).stderr ?? '')}`.trim().split('\n').filter((l) => !/^\s+at /.test(l)).slice(-4).join('\n');
      throw new Error(`[kafka] could not add the local ${mechanism} user ${localKafkaSecurity.user}: ${output || (err as Error).message}`);
    }
  }
  writeFileSync(marker, new Date().toISOString());
}
