import { expect } from 'chai';
import type { Ordo } from '../../engine/ordo.js';

/** What a person does at the identity provider: signs in with a password and gets an access token. */
export async function passwordGrant(ordo: Ordo, username: string, password: string): Promise<string> {
  const sim = ordo.identitySimulator!;
  const res = await fetch(`${sim.baseUrl}/realms/${sim.realm}/protocol/openid-connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'password', client_id: 'ordo-self-service', username, password }) });
  const body = (await res.json()) as { access_token?: string };
  expect(res.status, JSON.stringify(body)).to.equal(200);
  return body.access_token!;
}
