import { Button, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { describe, expect, it, vi } from 'vitest';
import { BackendError } from '../../extension/hubspot/src/app/shared/backend/backend-error';
import { useBackendData } from '../../extension/hubspot/src/app/shared/data/use-backend-data';
import { deferred } from './support/backend-routes';

type Load = () => Promise<string>;

/** Shows the hook's state and exposes its handle as buttons. */
function Harness({ dataKey, load }: { dataKey: string | null; load: Load }) {
  const { state, reload, replace } = useBackendData(dataKey, load);
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

  it('waits without loading while the key is null', async () => {
    const { load, pending } = controlledLoads();
    const { render, findByTestId } = createRenderer('crm.record.tab');
    render(<Harness dataKey={null} load={load} />);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(pending).toHaveLength(0);
    expect(findByTestId(Text, 'state').text).toBe('loading');
  });
});
