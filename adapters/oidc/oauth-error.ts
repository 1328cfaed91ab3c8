/** The error codes of RFC 6749 (§4.1.2.1, §5.2) and OIDC Core (§3.1.2.6) that the local issuer answers. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'login_required'
  | 'request_not_supported'
  | 'request_uri_not_supported';

/** A refusal the protocol names; the route that catches it decides how it is told (JSON body or redirect). */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }

  /** RFC 6749 §5.2: 401 for a client that could not be authenticated, 400 for everything else. */
  get status(): number {
    return this.code === 'invalid_client' ? 401 : 400;
  }

  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
