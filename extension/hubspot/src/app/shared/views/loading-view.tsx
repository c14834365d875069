import { LoadingSpinner } from '@hubspot/ui-extensions';

/** What a card shows while its first answer is on its way. */
export function LoadingView({ label }: { label: string }) {
  return <LoadingSpinner label={label} showLabel layout="centered" testId="loading" />;
}
