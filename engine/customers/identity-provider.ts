/**
 * Where self-service users sign in (Keycloak first; a Cognito-style provider fits the same port).
 * Ordo creates the user once the customer exists and links it to the party, which the provider
 * then puts in the user's tokens (the party claim).
 */
export interface IdentityUser {
  /** Unique at the provider; Ordo uses the party id, so a retried step finds the same user. */
  username: string;
  email?: string;
  /** E.164, e.g. +41791234567. */
  phone?: string;
  givenName?: string;
  familyName?: string;
  /** The verified channel: the provider marks that e-mail as verified. */
  emailVerified: boolean;
}

export interface IdentityProvider {
  /** Creates the user, or finds the one already there under `username` (a retried step): idempotent. */
  ensureUser(user: IdentityUser, signal?: AbortSignal): Promise<{ userId: string }>;
  /** Sets the party the user acts for (the token's party claim), replacing any other. */
  linkParty(userId: string, party: string, signal?: AbortSignal): Promise<void>;
  /** Asks the user to set a password (the provider's own e-mail); a no-op for passwordless providers. */
  requestPasswordSetup(userId: string, signal?: AbortSignal): Promise<void>;
  /** Removes the user; a user already gone is not an error. */
  deleteUser(userId: string, signal?: AbortSignal): Promise<void>;
}

/** The provider refused the request (4xx other than 429): retrying it unchanged would not help. */
export class IdentityRejectedError extends Error {
  override readonly name = 'IdentityRejectedError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
