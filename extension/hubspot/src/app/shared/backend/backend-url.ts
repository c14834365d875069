/**
 * Where the cards find Telltale: the BACKEND_URL variable of the config profile the project was
 * uploaded with (hsprofile.<name>.json), which HubSpot hands to every extension in
 * `context.variables`. The same variable fills `permittedUrls.fetch` in app-hsmeta.json, so a card
 * can only call the backend its build was made for.
 */
import { BackendError } from './backend-error';

export const BACKEND_URL_VARIABLE = 'BACKEND_URL';

/** The backend origin without a trailing slash; throws a `not_configured` BackendError when unusable. */
export function backendUrlFrom(variables: Readonly<Record<string, unknown>> | undefined): string {
  const value = variables?.[BACKEND_URL_VARIABLE];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BackendError(
      'not_configured',
      `The app was uploaded without the ${BACKEND_URL_VARIABLE} profile variable; upload it with a profile that sets it.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BackendError('not_configured', `${BACKEND_URL_VARIABLE} "${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:') {
    throw new BackendError('not_configured', `${BACKEND_URL_VARIABLE} "${value}" must be an https URL: hubspot.fetch calls nothing else.`);
  }
  return url.href.replace(/\/+$/, '');
}
