import { Button, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it, vi } from 'vitest';
import { BackendError } from '../../extension/hubspot/src/app/shared/backend/backend-error';
import { useBackendData } from '../../extension/hubspot/src/app/shared/data/use-backend-data';
import { deferred } from './support/backend-routes';

type Load = () => Promise<string>;

/** Shows the hook's state and exposes its handle as buttons. */
function Harness({ dataKey, load }: { dataKey: string | null; load: Load }) {
  const { state, reload, replace, update, refresh } = useBackendData(dataKey, load);
  const shown = state.status === 'ready' ? `ready:${state.data}` : state.status === 'error' ? `error:${state.error.kind}:${state.error.message}` : 'loading';
  return (
    <>
      <Text testId="state">{shown}</Text>
      <Button testId="reload" onClick={reload}>
        reload
      </Button>
      <Button testId="replace" onClick={() => replace('from an action')}>
        replace
      </Button>
      <Button testId="update" onClick={() => update((data) => `${data}+edited`)}>
        update
      </Button>
      <Button testId="refresh" onClick={refresh}>
        refresh
      </Button>
    </>
  );
}

/** Loads that answer when the test says so, in the order the test chooses. */
function controlledLoads() {
  const pending: Array<ReturnType<typeof deferred<string>>> = [];
  const load: Load = () => {
    const next = deferred<string>();
    pending.push(next);
    return next.promise;
  };
  return { load, pending };
}

/** The harness on a record once its first load has answered `first`. */
async function renderShowingFirst() {
  const { load, pending } = controlledLoads();
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<Harness dataKey="a" load={load} />);
  await vi.waitFor(() => expect(pending).toHaveLength(1));
  pending[0]?.resolve('first');
  await renderer.waitFor(() => expect(renderer.findByTestId(Text, 'state').text).toBe('ready:first'));
  return { ...renderer, pending };
}

describe('useBackendData', () => {
  it('shows loading, then the answer', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Harness dataKey="a" load={load} />);
    expect(findByTestId(Text, 'state').text).toBe('loading');
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]?.resolve('first');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:first'));
  });

  it('drops an older answer that arrives after a newer one', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Harness dataKey="a" load={load} />);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    findByTestId(Button, 'reload').trigger('onClick');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]?.resolve('newer');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:newer'));
    pending[0]?.resolve('older');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(findByTestId(Text, 'state').text).toBe('ready:newer');
  });

  it('drops a load in flight when an action replaces the answer', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId } = createRenderer('crm.record.tab');
    render(<Harness dataKey="a" load={load} />);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    findByTestId(Button, 'replace').trigger('onClick');
    expect(findByTestId(Text, 'state').text).toBe('ready:from an action');
    pending[0]?.resolve('stale load');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(findByTestId(Text, 'state').text).toBe('ready:from an action');
  });

  it('shows the BackendError a load fails with, and anything else as unreachable', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Harness dataKey="a" load={load} />);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]?.reject(new BackendError('unauthorised', 'Bad signature.', 401));
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('error:unauthorised:Bad signature.'));
    findByTestId(Button, 'reload').trigger('onClick');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]?.reject(new Error('socket hang up'));
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('error:unreachable:Telltale could not be reached: socket hang up'));
  });

  it('refreshes behind the shown answer, and keeps it when the refresh fails', async () => {
    const { findByTestId, waitFor, pending } = await renderShowingFirst();
    findByTestId(Button, 'refresh').trigger('onClick');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    expect(findByTestId(Text, 'state').text).toBe('ready:first');
    pending[1]?.reject(new BackendError('server', 'Down.', 500));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(findByTestId(Text, 'state').text).toBe('ready:first');
    findByTestId(Button, 'refresh').trigger('onClick');
    await vi.waitFor(() => expect(pending).toHaveLength(3));
    pending[2]?.resolve('second');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:second'));
  });

  it('drops a refresh answer when the shown answer was changed in place meanwhile', async () => {
    const { findByTestId, waitFor, pending } = await renderShowingFirst();
    findByTestId(Button, 'refresh').trigger('onClick');
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    findByTestId(Button, 'update').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:first+edited'));
    pending[1]?.resolve('read before the edit');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(findByTestId(Text, 'state').text).toBe('ready:first+edited');
  });

  it('loads from scratch on refresh while nothing is shown yet', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId, waitFor } = createRenderer('crm.record.tab');
    render(<Harness dataKey="a" load={load} />);
    await vi.waitFor(() => expect(pending).toHaveLength(1));
    pending[0]?.reject(new BackendError('server', 'Down.', 500));
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('error:server:Down.'));
    findByTestId(Button, 'refresh').trigger('onClick');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('loading'));
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    pending[1]?.resolve('recovered');
    await waitFor(() => expect(findByTestId(Text, 'state').text).toBe('ready:recovered'));
  });

  it('waits without loading while the key is null', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId } = createRenderer('crm.record.tab');
    render(<Harness dataKey={null} load={load} />);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pending).toHaveLength(0);
    expect(findByTestId(Text, 'state').text).toBe('loading');
  });
});
