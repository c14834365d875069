import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LoadingSpinner, hubspot } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { BACKEND_URL, deferred } from './support/backend-routes';


const SRC = join(import.meta.dirname, '../../extension/hubspot/src');

interface Entry {
  file: string;
  location: 'crm.record.tab' | 'crm.record.sidebar' | 'home';
  entrypoint: string;
}

/** Every card and page the project declares, read from its *-hsmeta.json. */
function declaredEntries(): Entry[] {
  return ['app/cards', 'app/pages'].flatMap((dir) =>
    readdirSync(join(SRC, dir))
      .filter((name) => name.endsWith('-hsmeta.json'))
      .map((name) => {
        const { config } = JSON.parse(readFileSync(join(SRC, dir, name), 'utf8')) as { config: Omit<Entry, 'file'> };
        return { file: `${dir}/${name}`, location: config.location, entrypoint: config.entrypoint };
      }),
  );
}

describe('the entry points', () => {
  const entries = declaredEntries();

  it('cover every card and the home page', () => {
    expect(entries.map((e) => e.location).sort()).toEqual(['crm.record.sidebar', 'crm.record.sidebar', 'crm.record.tab', 'home']);
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s registers with hubspot.extend and renders in its location', async (_file, entry) => {
    const extend = vi.mocked(hubspot.extend);
    extend.mockClear();
    vi.mocked(hubspot.fetch).mockReset();
    vi.mocked(hubspot.fetch).mockImplementation(() => deferred<Response>().promise);
    await import(/* @vite-ignore */ join(SRC, entry.entrypoint));
    expect(extend).toHaveBeenCalledTimes(1);

    const renderer = createRenderer(entry.location);
    renderer.mocks.context.variables = { BACKEND_URL };
    const callback = extend.mock.calls[0]?.[0] as (api: unknown) => ReactElement;
    renderer.render(callback({ context: renderer.mocks.context, actions: renderer.mocks.actions }));
    expect(renderer.maybeFind(LoadingSpinner)).not.toBeNull();
    await vi.waitFor(() => expect(vi.mocked(hubspot.fetch).mock.calls[0]?.[0]).toMatch(new RegExp(`^${BACKEND_URL}/api/v1/hubspot/`)));
  });
});
