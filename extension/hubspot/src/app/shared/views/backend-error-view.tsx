import { Button, ErrorState, Text } from '@hubspot/ui-extensions';
import type { BackendError, BackendErrorKind } from '../backend/backend-error';

const TITLE: Record<BackendErrorKind, string> = {
  not_configured: 'Telltale is not set up for this build',
  unauthorised: 'Telltale is not authorised for this account',
  not_found: 'Telltale does not know this record',
  conflict: 'The record changed meanwhile',
  rejected: 'Telltale refused the request',
  server: 'Telltale ran into a problem',
  unreachable: "Telltale's service can't be reached",
};

const NEXT_STEP: Record<BackendErrorKind, string> = {
  not_configured: 'Upload the project with a config profile that sets BACKEND_URL.',
  unauthorised: 'Ask a HubSpot admin to reinstall the Telltale app for this account.',
  not_found: 'It appears after the next sync; try again in a few minutes.',
  conflict: 'Try again to see where it stands now.',
  rejected: 'Reload the page and try again.',
  server: 'Try again in a moment.',
  unreachable: 'Check that the Telltale service is running, then try again.',
};

/** Why the card has no data, in words a CSM can act on, with a retry where one can help. */
export function BackendErrorView({ error, onRetry }: { error: BackendError; onRetry: () => void }) {
  const canRetry = error.kind !== 'not_configured' && error.kind !== 'unauthorised';
  return (
    <ErrorState title={TITLE[error.kind]} type={error.kind === 'unauthorised' ? 'lock' : 'error'} testId={`error-${error.kind}`}>
      <Text>{error.message}</Text>
      <Text variant="microcopy">{NEXT_STEP[error.kind]}</Text>
      {canRetry ? (
        <Button onClick={onRetry} testId="retry">
          Try again
        </Button>
      ) : null}
    </ErrorState>
  );
}
