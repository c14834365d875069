import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The HubSpot app definition, found from this file's place in the repo (works from server/src and server/dist). */
export const HUBSPOT_APP_META_PATH = fileURLToPath(new URL('../../../../extension/hubspot/src/app/app-hsmeta.json', import.meta.url));

const appMetaSchema = z.object({
  config: z.object({
    auth: z.object({
      type: z.literal('oauth'),
      requiredScopes: z.array(z.string().min(1)).min(1),
      optionalScopes: z.array(z.string().min(1)).default([]),
    }),
  }),
});

/** The scopes the install asks for: exactly those the app declares, so the consent screen and the app agree. */
export interface HubSpotAppScopes {
  required: string[];
  optional: string[];
}

/** Reads the scopes from the app's `app-hsmeta.json` (`config.auth`); throws naming the file when it is not an OAuth app. */
export function loadHubSpotAppScopes(path: string = HUBSPOT_APP_META_PATH): HubSpotAppScopes {
  const parsed = appMetaSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: expected an OAuth app with config.auth.requiredScopes: ${issue.path.join('.')}: ${issue.message}`);
  }
  return { required: parsed.data.config.auth.requiredScopes, optional: parsed.data.config.auth.optionalScopes };
}
