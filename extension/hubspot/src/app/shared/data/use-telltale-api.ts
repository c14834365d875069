/**
 * The card API client for the running extension, built from the profile's BACKEND_URL variable,
 * or the `not_configured` error that explains why there is none.
 */
import { useExtensionContext } from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { type BackendError, asBackendError } from '../backend/backend-error';
import { BACKEND_URL_VARIABLE, backendUrlFrom } from '../backend/backend-url';
import { type TelltaleApi, telltaleApi } from '../backend/telltale-api';

export type TelltaleApiResult = { api: TelltaleApi; error: null } | { api: null; error: BackendError };

export function useTelltaleApi(): TelltaleApiResult {
  const { variables } = useExtensionContext();
  const configured = variables?.[BACKEND_URL_VARIABLE];
  return useMemo(() => {
    try {
      return { api: telltaleApi(backendUrlFrom({ [BACKEND_URL_VARIABLE]: configured })), error: null };
    } catch (error) {
      return { api: null, error: asBackendError(error) };
    }
  }, [configured]);
}
