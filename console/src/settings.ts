/** What Ordo tells the console at start (GET ./config.json). */
export interface ConsoleSettings {
  authEnabled: boolean;
  issuer: string;
  clientId: string;
  scope: string;
  /** The client whose Keycloak client roles count as Ordo roles. */
  roleClient: string;
  cockpitUrl: string;
  apis: { productOrder: string; productCatalog: string; admin: string };
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const res = await fetch('./config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`the console's settings could not be loaded (HTTP ${res.status})`);
  return (await res.json()) as ConsoleSettings;
}
