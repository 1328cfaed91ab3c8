import { expect } from 'chai';
import { findJdks, MissingJavaError, pickJdk, type Jdk } from '../compose/local/jdk.js';
import { servers } from '../compose/local/servers.js';

const jdk = (major: number): Jdk => ({ home: `/opt/jdk-${major}`, java: `/opt/jdk-${major}/bin/java`, major });

describe('compose/local: choosing a JDK for each server', () => {
  it('takes the newest JDK inside the range a server runs on', () => {
    const jdks = [jdk(25), jdk(21), jdk(17)];
    expect(pickJdk(jdks, { min: 21, max: 99, why: '' }, 'camunda').major).to.equal(25);
    expect(pickJdk(jdks, { min: 17, max: 23, why: '' }, 'opensearch').major).to.equal(21);
  });

  it('without a suitable JDK, says what to install instead of failing with a Java stack trace', () => {
    try {
      pickJdk([jdk(25)], { min: 17, max: 23, why: 'it needs the SecurityManager' }, 'opensearch');
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(MissingJavaError);
      const message = (err as Error).message;
      expect(message).to.contain('opensearch needs a JDK 17 to 23 (it needs the SecurityManager)');
      expect(message).to.contain('JDKs found: 25 (/opt/jdk-25)');
      expect(message).to.contain('openjdk-17-jdk');
    }
    expect(() => pickJdk([], { min: 21, max: 99, why: 'x' }, 'camunda')).to.throw(MissingJavaError, /JDK 21 or newer.*JDKs found: none/s);
  });

  it('finds the JDKs of this machine with their versions', () => {
    const jdks = findJdks();
    expect(jdks.length, 'this machine runs the local stack, so it has a JDK').to.be.greaterThan(0);
    for (const found of jdks) {
      expect(found.major).to.be.within(8, 40);
      expect(found.java).to.match(/bin\/java$/);
    }
  });

  it('every server binds known loopback ports, and no two servers share one', () => {
    const ports = servers.flatMap((s) => s.ports.map((p) => p.port));
    expect(new Set(ports).size).to.equal(ports.length);
    expect(ports).to.include.members([8080, 9092, 27017]);
  });
});
