/** The token endpoint's refusals: HTTP 400 with `{ error, error_description }`, as Salesforce sends them. */
export interface OAuthRefusal {
  error: 'invalid_grant' | 'invalid_client_id' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_request' | 'redirect_uri_mismatch';
  error_description: string;
}

export function oauthRefusal(error: OAuthRefusal['error'], description: string): OAuthRefusal {
  return { error, error_description: description };
}

export function isRefusal(value: object): value is OAuthRefusal {
  return 'error' in value && 'error_description' in value;
}
