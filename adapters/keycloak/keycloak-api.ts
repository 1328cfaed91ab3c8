/**
 * The part of Keycloak's Admin REST API and token endpoint that Ordo uses, shared by the client and the simulator.
 * Every path is under the realm's base URL, e.g. http://localhost:8081.
 *
 * - `POST /realms/{realm}/protocol/openid-connect/token`, form-urlencoded:
 *   - `grant_type=client_credentials&client_id=…&client_secret=…` (the admin client, a service account with the
 *     realm-management `manage-users` role) → 200 TokenResponse; wrong credentials → 401 `invalid_client`.
 *   - `grant_type=password&client_id=…&username=…&password=…` (an end user) → 200 TokenResponse; wrong credentials
 *     → 401 `invalid_grant`, not saying which part was wrong.
 * - Admin calls carry `Authorization: Bearer <admin access_token>`; without a valid one → 401.
 *   - `POST …/users` UserRepresentation → 201, the new user's URL in `Location`; the username or e-mail taken
 *     (case-insensitively) → 409.
 *   - `GET …/users?username=…&exact=true` (or `email=…`) → 200 UserRepresentation[].
 *   - `GET …/users/{id}` → 200 UserRepresentation; `PUT …/users/{id}` → 204, the fields given replace the user's
 *     (attributes as a whole); `DELETE …/users/{id}` → 204; an unknown id → 404.
 *   - `PUT …/users/{id}/execute-actions-email` with a JSON list of RequiredAction → 204: Keycloak e-mails the user a
 *     link to carry them out.
 *   - `PUT …/users/{id}/reset-password` CredentialRepresentation → 204.
 *
 * Admin errors answer AdminErrorBody, token errors OAuthErrorBody.
 */

export interface UserRepresentation {
  /** Assigned by Keycloak; ignored on create. */
  id?: string;
  /** Stored in lower case. */
  username: string;
  email?: string;
  emailVerified?: boolean;
  enabled?: boolean;
  firstName?: string;
  lastName?: string;
  /** Custom user attributes, each a list of values. */
  attributes?: Record<string, string[]>;
  requiredActions?: RequiredAction[];
  /** Epoch ms. */
  createdTimestamp?: number;
}

export const REQUIRED_ACTIONS = ['UPDATE_PASSWORD', 'VERIFY_EMAIL', 'UPDATE_PROFILE', 'CONFIGURE_TOTP', 'TERMS_AND_CONDITIONS'] as const;
export type RequiredAction = (typeof REQUIRED_ACTIONS)[number];

export interface CredentialRepresentation {
  type: 'password';
  value: string;
  /** True: the user must choose another password at the next sign-in (UPDATE_PASSWORD is added). */
  temporary?: boolean;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds. */
  expires_in: number;
  scope?: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description?: string;
}

/** Keycloak answers `errorMessage` for refused writes (400, 409) and `error` for the rest (401, 404). */
export interface AdminErrorBody {
  error?: string;
  errorMessage?: string;
}

/** The user attribute holding a phone number in E.164 (Keycloak's name for it). */
export const PHONE_ATTRIBUTE = 'phone_number';

const realmPath = (realm: string) => encodeURIComponent(realm);

export const tokenPath = (realm: string) => `/realms/${realmPath(realm)}/protocol/openid-connect/token`;
export const usersPath = (realm: string) => `/admin/realms/${realmPath(realm)}/users`;
export const userPath = (realm: string, id: string) => `${usersPath(realm)}/${encodeURIComponent(id)}`;
export const executeActionsEmailPath = (realm: string, id: string) => `${userPath(realm, id)}/execute-actions-email`;
export const resetPasswordPath = (realm: string, id: string) => `${userPath(realm, id)}/reset-password`;
