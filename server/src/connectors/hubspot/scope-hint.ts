import { z } from 'zod';
import { CrmError, CrmErrorKind } from '../crm-error.js';

/** HubSpot's 403 MISSING_SCOPES body lists the scopes a call needs in `errors[].context.requiredGranularScopes`. */
const missingScopesSchema = z.object({
  body: z.object({
    errors: z.array(z.object({ context: z.object({ requiredGranularScopes: z.array(z.string()).optional() }).partial().optional() })).optional(),
  }),
});

/** The scopes a refused call named, when HubSpot said. */
export function requiredScopesOf(error: CrmError): string[] {
  const parsed = missingScopesSchema.safeParse(error.cause);
  if (!parsed.success) return [];
  return [...new Set((parsed.data.body.errors ?? []).flatMap((entry) => entry.context?.requiredGranularScopes ?? []))];
}

/**
 * Rewrites an AUTH error of a step that writes to HubSpot so it says which step failed and which
 * scopes the app needs; other errors pass unchanged.
 */
export function withScopeHint(error: unknown, step: string, scopes: readonly string[]): unknown {
  if (!(error instanceof CrmError) || error.kind !== CrmErrorKind.Auth) return error;
  const named = requiredScopesOf(error);
  const asked = named.length > 0 ? ` HubSpot asked for: ${named.join(', ')}.` : '';
  return new CrmError(`${step} was refused: it needs the ${scopes.join(', ')} scopes.${asked} ${error.message}`, {
    kind: error.kind,
    crm: error.crm,
    endpoint: error.endpoint,
    status: error.status,
    category: error.category,
    correlationId: error.correlationId,
    cause: error,
  });
}
