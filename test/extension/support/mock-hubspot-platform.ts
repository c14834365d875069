/**
 * Setup for the extension tests: HubSpot's platform calls are mocked at the module, as HubSpot's
 * own card examples do. `hubspot.fetch` (the only way a card reaches Telltale) and `hubspot.extend`
 * (how an entry point registers its card) become mocks each test programs; every component and
 * hook stays HubSpot's real one, so createRenderer still renders and finds them.
 */
import type * as UiExtensions from '@hubspot/ui-extensions';
import { hubspot } from '@hubspot/ui-extensions';
import { beforeEach, vi } from 'vitest';

vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof UiExtensions>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: vi.fn(), extend: vi.fn() } };
});

beforeEach(() => {
  vi.mocked(hubspot.fetch).mockReset();
  vi.mocked(hubspot.extend).mockReset();
});
