import { Button, Flex, Select, TextArea } from '@hubspot/ui-extensions';
import { useState } from 'react';

/** The reasons a CSM can give; "Other" needs a few words of its own. */
export const DISMISS_REASONS = [
  { value: 'already_handled', label: 'Already handled' },
  { value: 'not_relevant', label: 'Not relevant to this account' },
  { value: 'wrong_timing', label: 'Not the right time' },
  { value: 'other', label: 'Other' },
] as const;

type ReasonValue = (typeof DISMISS_REASONS)[number]['value'];

/** The reason sent to the backend: the chosen reason, and the details when given. */
export function dismissReasonText(reason: ReasonValue, details: string): string {
  const label = DISMISS_REASONS.find((r) => r.value === reason)?.label ?? reason;
  const note = details.trim();
  return note ? `${label}: ${note}` : label;
}

export function DismissForm({ interventionId, busy, onConfirm, onCancel }: {
  interventionId: string;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState<ReasonValue | null>(null);
  const [details, setDetails] = useState('');
  const complete = reason !== null && (reason !== 'other' || details.trim() !== '');
  return (
    <Flex direction="column" gap="xs" testId={`dismiss-form-${interventionId}`}>
      <Select
        label="Why dismiss it?"
        name={`dismiss-reason-${interventionId}`}
        required
        placeholder="Choose a reason"
        options={DISMISS_REASONS.map((r) => ({ label: r.label, value: r.value }))}
        value={reason ?? undefined}
        onChange={(value) => setReason(DISMISS_REASONS.find((r) => r.value === value)?.value ?? null)}
        testId={`dismiss-reason-${interventionId}`}
      />
      <TextArea
        label="Details"
        name={`dismiss-details-${interventionId}`}
        description={reason === 'other' ? 'Required for "Other".' : 'Optional: what the team should know.'}
        required={reason === 'other'}
        value={details}
        onChange={setDetails}
        testId={`dismiss-details-${interventionId}`}
      />
      <Flex direction="row" gap="xs">
        <Button
          variant="destructive"
          size="sm"
          disabled={!complete || busy}
          onClick={() => {
            if (reason !== null) onConfirm(dismissReasonText(reason, details));
          }}
          testId={`confirm-dismiss-${interventionId}`}
        >
          Dismiss
        </Button>
        <Button variant="secondary" size="sm" onClick={onCancel} testId={`cancel-dismiss-${interventionId}`}>
          Cancel
        </Button>
      </Flex>
    </Flex>
  );
}
