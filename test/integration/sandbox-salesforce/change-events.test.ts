import jsforce from 'jsforce';
import { StreamingExtension } from 'jsforce/lib/api/streaming.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../server/src/clock/clock.js';
import type { ChangeEventData } from '../../../server/src/sandbox/salesforce/create-sandbox.js';
import { API_VERSION, orgPerTest, type RunningOrg } from './support/start-org.js';

/** Long polls are answered within 300 ms here, so a test never waits long for a reconnect. */
const STREAMING = { streaming: { connectTimeoutMs: 300 }, accounts: 20 };

/** A Bayeux message as faye hands it to extensions. */
interface BayeuxMessage {
  channel: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  subscription?: string;
  advice?: { reconnect?: string };
  ext?: { sfdc?: { failureReason?: string } };
  data?: unknown;
}
type Extension = {
  incoming?(message: BayeuxMessage, callback: (message: BayeuxMessage) => void): void;
  outgoing?(message: BayeuxMessage, callback: (message: BayeuxMessage) => void): void;
};
/** The parts of jsforce's faye client used here (faye ships no types). */
interface FayeClient {
  subscribe(channel: string, listener: (data: ChangeEventData) => void): PromiseLike<unknown>;
  disconnect(): void;
}

/** A streaming client on one channel: the events it received, and every meta message it sent and received. */
interface Listener {
  received: ChangeEventData[];
  sent: BayeuxMessage[];
  replies: BayeuxMessage[];
  subscribed: Promise<unknown>;
}

/** The streaming clients of the running test, disconnected after it (before its org closes). */
const clients: FayeClient[] = [];

/** Subscribes to `channel` through jsforce's streaming client with Salesforce's Replay and AuthFailure extensions. */
function listen(conn: jsforce.Connection, channel: string, replayFrom: number, onAuthFailure: (message: BayeuxMessage) => void = () => {}): Listener {
  const listener: Listener = { received: [], sent: [], replies: [], subscribed: Promise.resolve() };
  const recorder: Extension = {
    outgoing: (message, callback) => {
      if (message.channel.startsWith('/meta/')) listener.sent.push(message);
      callback(message);
    },
    incoming: (message, callback) => {
      if (message.channel.startsWith('/meta/')) listener.replies.push(message);
      callback(message);
    },
  };
  const client = conn.streaming.createClient([recorder, new StreamingExtension.Replay(channel, replayFrom), new StreamingExtension.AuthFailure(onAuthFailure)]) as unknown as FayeClient;
  clients.push(client);
  listener.subscribed = Promise.resolve(client.subscribe(channel, (data) => listener.received.push(data)));
  return listener;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const header = (data: ChangeEventData | undefined) => data?.payload.ChangeEventHeader;
const replayIds = (events: readonly ChangeEventData[]) => events.map((e) => e.event.replayId);
const liveIds = (org: RunningOrg, type: 'Account' | 'Opportunity' | 'Case') => org.sandbox.org.all(type).filter((r) => r.IsDeleted !== true).map((r) => r.Id);
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A Bayeux POST to the org's /cometd endpoint, without faye. */
async function cometd(org: RunningOrg, messages: object[], token?: string, version = API_VERSION): Promise<{ status: number; body: BayeuxMessage[] }> {
  const response = await fetch(`${org.loginUrl}/cometd/${version}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `OAuth ${token}` } : {}) },
    body: JSON.stringify(messages),
  });
  return { status: response.status, body: (await response.json()) as BayeuxMessage[] };
}

describe('Salesforce sandbox Change Data Capture over the Streaming API (jsforce streaming)', () => {
  const start = orgPerTest();
  // Registered after orgPerTest's hook, so it runs first: the org's server waits for held connects to end.
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await new Promise((done) => setTimeout(done, 50));
  });

  it('delivers an update made through the REST API with the caller in changeOrigin, and one made in the UI with an empty changeOrigin', async () => {
    const org = await start(STREAMING);
    const listener = listen(org.connect(), '/data/AccountChangeEvent', -1);
    await listener.subscribed;
    const [accountId] = liveIds(org, 'Account');
    const telltale = org.connect({ callOptions: { client: 'Telltale' } });
    await telltale.sobject('Account').update({ Id: accountId ?? '', Health_Score__c: 42 });
    org.sandbox.org.update('Account', accountId ?? '', { Name: 'Renamed in Salesforce' });
    await waitFor(() => listener.received.length === 2, 'two change events');

    const [api, ui] = listener.received;
    expect(header(api)).toEqual({
      entityName: 'Account', recordIds: [accountId], changeType: 'UPDATE', changeOrigin: `com/salesforce/api/rest/${API_VERSION};client=Telltale`,
      transactionKey: expect.stringMatching(/^000[0-9a-f]{5}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), sequenceNumber: 1,
      commitTimestamp: expect.any(Number), commitNumber: expect.any(Number), commitUser: org.sandbox.userId, changedFields: ['Health_Score__c', 'LastModifiedDate'],
    });
    expect(api?.payload).toEqual({ ChangeEventHeader: expect.any(Object), Health_Score__c: 42, LastModifiedDate: expect.stringMatching(ISO_UTC) });
    expect(api?.schema).toMatch(/^[\w-]{22}$/);
    expect(header(ui)).toMatchObject({ changeOrigin: '', changeType: 'UPDATE', changedFields: ['Name', 'LastModifiedDate'], sequenceNumber: 1 });
    expect(header(ui)?.commitUser).not.toBe(org.sandbox.userId);
    expect(ui?.payload.Name).toBe('Renamed in Salesforce');
    expect(ui?.schema).toBe(api?.schema);
    expect(replayIds(listener.received)).toEqual(org.sandbox.changeEvents.map((e) => e.replayId));
    expect(org.sandbox.stats()).toMatchObject({ changeEvents: { published: 2, delivered: 2 } });
    expect(org.sandbox.stats().requests['POST /cometd/XX.X']).toBeGreaterThanOrEqual(3);
  });

  it('publishes a CREATE with every non-empty field and a DELETE with none, one per record and one transaction per request', async () => {
    const org = await start(STREAMING);
    const listener = listen(org.connect(), '/data/ChangeEvents', -1);
    await listener.subscribed;
    const conn = org.connect();
    const [accountId] = liveIds(org, 'Account');
    const created = await conn.sobject('Case').create([{ AccountId: accountId, Subject: 'Export fails' }, { AccountId: accountId, Subject: 'Login loops', Priority: 'High' }], { allOrNone: true });
    await conn.sobject('Task').create({ WhatId: accountId, Subject: 'Not a selected entity' });
    const caseId = created[0]?.id ?? '';
    await conn.sobject('Case').destroy(caseId);
    await waitFor(() => listener.received.length === 3, 'three change events');

    const [first, second, deleted] = listener.received;
    expect(header(first)).toMatchObject({ entityName: 'Case', changeType: 'CREATE', recordIds: [caseId], sequenceNumber: 1, changedFields: [] });
    expect(header(second)).toMatchObject({ recordIds: [created[1]?.id], sequenceNumber: 2, transactionKey: header(first)?.transactionKey, commitNumber: header(first)?.commitNumber });
    expect(first?.payload).toEqual({
      ChangeEventHeader: expect.any(Object), CreatedDate: expect.stringMatching(ISO_UTC), LastModifiedDate: expect.stringMatching(ISO_UTC),
      AccountId: accountId, Subject: 'Export fails', Status: 'New', IsClosed: false, Priority: 'Medium', IsEscalated: false,
    });
    expect(header(deleted)).toMatchObject({ entityName: 'Case', changeType: 'DELETE', recordIds: [caseId], sequenceNumber: 1, changedFields: [] });
    expect(header(deleted)?.transactionKey).not.toBe(header(first)?.transactionKey);
    expect(Object.keys(deleted?.payload ?? {})).toEqual(['ChangeEventHeader']);
    const ids = replayIds(listener.received);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(3);
  });

  it("deletes and undeletes an Account's opportunities and cases with it, in one transaction", async () => {
    const org = await start(STREAMING);
    const account = org.sandbox.org.all('Account').find((a) => org.sandbox.org.all('Opportunity').some((o) => o.AccountId === a.Id && o.IsDeleted !== true));
    const children = ['Opportunity', 'Case'].flatMap((type) => org.sandbox.org.all(type as 'Opportunity' | 'Case').filter((r) => r.AccountId === account?.Id && r.IsDeleted !== true).map((r) => r.Id));
    org.sandbox.org.delete('Account', account?.Id ?? '');
    org.sandbox.org.undelete('Account', account?.Id ?? '');
    const events = org.sandbox.changeEvents.map((e) => e.data.payload.ChangeEventHeader);
    expect(events.map((h) => `${h.changeType} ${h.recordIds[0]}`)).toEqual([account?.Id, ...children].map((id) => `DELETE ${id}`).concat([account?.Id, ...children].map((id) => `UNDELETE ${id}`)));
    expect(new Set(events.slice(0, children.length + 1).map((h) => h.transactionKey)).size).toBe(1);
    expect(org.sandbox.changeEvents.at(-1 - children.length)?.data.payload).toMatchObject({ Name: account?.Name, OwnerId: account?.OwnerId });
  });

  it("carries a contact's name as the compound Name field, for the entities selected", async () => {
    const org = await start({ ...STREAMING, changeDataCapture: { entities: ['Contact'] } });
    const contact = org.sandbox.org.insert('Contact', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    org.sandbox.org.update('Contact', contact.Id, { FirstName: 'Augusta' });
    org.sandbox.org.update('Account', liveIds(org, 'Account')[0] ?? '', { Name: 'Not selected now' });
    const [created, updated] = org.sandbox.changeEvents.map((e) => e.data.payload);
    expect(org.sandbox.changeEvents).toHaveLength(2);
    expect(created).toMatchObject({ Name: { FirstName: 'Ada', LastName: 'Lovelace' }, Email: 'ada@example.com' });
    expect(created).not.toHaveProperty('FirstName');
    expect(updated).toEqual({ ChangeEventHeader: expect.objectContaining({ changeType: 'UPDATE', changedFields: ['Name.FirstName', 'LastModifiedDate'] }), Name: { FirstName: 'Augusta' }, LastModifiedDate: expect.stringMatching(ISO_UTC) });
  });

  it('replays every retained event with -2, then resumes after a stored replayId with none lost and none repeated', async () => {
    const org = await start(STREAMING);
    // The last one is open, so that winning it also changes the calculated IsClosed and IsWon.
    const c = org.sandbox.org.all('Opportunity').find((o) => o.IsDeleted !== true && o.IsClosed !== true)?.Id;
    const [a, b] = liveIds(org, 'Opportunity').filter((id) => id !== c);
    for (const id of [a, b, c]) org.sandbox.org.update('Opportunity', id ?? '', { Amount: 1_000 });
    const first = listen(org.connect(), '/data/OpportunityChangeEvent', -2);
    await waitFor(() => first.received.length === 3, 'the three retained events');
    expect(first.received.map((e) => header(e)?.recordIds[0])).toEqual([a, b, c]);
    const stored = first.received.at(-1)?.event.replayId ?? 0;
    clients.pop()?.disconnect();

    org.sandbox.org.update('Opportunity', a ?? '', { Amount: 2_000 });
    org.sandbox.org.update('Opportunity', b ?? '', { Amount: 2_000 });
    const resumed = listen(org.connect(), '/data/OpportunityChangeEvent', stored);
    await waitFor(() => resumed.received.length === 2, 'the two events missed while away');
    org.sandbox.org.update('Opportunity', c ?? '', { StageName: 'Closed Won' });
    await waitFor(() => resumed.received.length === 3, 'the live event after the replay');
    expect(resumed.received.map((e) => header(e)?.recordIds[0])).toEqual([a, b, c]);
    expect(resumed.received.every((e) => e.event.replayId > stored)).toBe(true);
    expect(new Set(replayIds(resumed.received)).size).toBe(3);
    expect(header(resumed.received[2])?.changedFields).toEqual(['StageName', 'IsClosed', 'IsWon', 'LastModifiedDate']);
  });

  it('refuses a replayId that is not retained, a channel that does not exist and an entity not selected, with Salesforce\'s errors', async () => {
    const org = await start(STREAMING);
    const conn = org.connect();
    const invalidReplay = listen(conn, '/data/AccountChangeEvent', 987_654);
    await expect(invalidReplay.subscribed).rejects.toBeDefined();
    expect(invalidReplay.replies.find((m) => m.channel === '/meta/subscribe')).toMatchObject({
      successful: false,
      error: '400::The replayId {987654} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.',
    });
    for (const channel of ['/data/FooChangeEvent', '/data/ContactChangeEvent', '/data/accountchangeevent']) {
      const refused = listen(conn, channel, -1);
      await expect(refused.subscribed).rejects.toBeDefined();
      expect(refused.replies.find((m) => m.channel === '/meta/subscribe')?.error).toBe(`400::The channel you requested to subscribe to does not exist {${channel}}`);
    }
  });

  it('lets no channel be subscribed when Change Data Capture is off, and publishes nothing', async () => {
    const org = await start({ ...STREAMING, changeDataCapture: { entities: [] } });
    const refused = listen(org.connect(), '/data/ChangeEvents', -1);
    await expect(refused.subscribed).rejects.toBeDefined();
    expect(refused.replies.find((m) => m.channel === '/meta/subscribe')?.error).toBe('400::The channel you requested to subscribe to does not exist {/data/ChangeEvents}');
    org.sandbox.org.update('Account', liveIds(org, 'Account')[0] ?? '', { Name: 'Unannounced' });
    expect(org.sandbox.changeEvents).toEqual([]);
  });

  it('forgets events after 72 hours, so their replayIds become invalid', async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const org = await start({ ...STREAMING, clock });
    org.sandbox.org.update('Case', liveIds(org, 'Case')[0] ?? '', { Priority: 'High' });
    const [old] = org.sandbox.changeEvents;
    offsetMs = 72 * 3_600_000 + 1_000;
    expect(org.sandbox.changeEvents).toEqual([]);
    const listener = listen(org.connect(), '/data/CaseChangeEvent', old?.replayId ?? 0);
    await expect(listener.subscribed).rejects.toBeDefined();
    expect(listener.replies.find((m) => m.channel === '/meta/subscribe')?.error).toMatch(/^400::The replayId \{\d+\} you provided was invalid\./);
  });

  it('calls the AuthFailure extension when the session ends while connected, and when the handshake is denied', async () => {
    const org = await start(STREAMING);
    const failures: BayeuxMessage[] = [];
    const listener = listen(org.connect(), '/data/CaseChangeEvent', -1, (message) => failures.push(message));
    await listener.subscribed;
    org.sandbox.expireAllSessions();
    await waitFor(() => failures.length === 1, 'the AuthFailure callback');
    expect(failures[0]).toMatchObject({ channel: '/meta/connect', successful: false, error: '401::Authentication invalid', advice: { reconnect: 'none', interval: 0 } });

    const denied: BayeuxMessage[] = [];
    listen(new jsforce.Connection({ instanceUrl: org.loginUrl, accessToken: 'not-a-session', version: API_VERSION }), '/data/CaseChangeEvent', -1, (message) => denied.push(message));
    await waitFor(() => denied.length === 1, 'the denied handshake');
    expect(denied[0]).toMatchObject({ channel: '/meta/handshake', successful: false, error: '403::Handshake denied', ext: { sfdc: { failureReason: '401::Authentication invalid' } }, advice: { reconnect: 'none' } });
  });

  it('re-handshakes after the org drops its client and keeps receiving from where it was', async () => {
    const org = await start(STREAMING);
    const listener = listen(org.connect(), '/data/AccountChangeEvent', -1);
    await listener.subscribed;
    const [a, b, c] = liveIds(org, 'Account');
    org.sandbox.org.update('Account', a ?? '', { Industry: 'Retail' });
    await waitFor(() => listener.received.length === 1, 'the first event');
    expect(org.sandbox.dropStreamingClients()).toBe(1);
    org.sandbox.org.update('Account', b ?? '', { Industry: 'Retail' });
    await waitFor(() => listener.replies.some((m) => m.channel === '/meta/connect' && m.error === '403::Unknown client'), 'the unknown client reply');
    org.sandbox.org.update('Account', c ?? '', { Industry: 'Retail' });
    await waitFor(() => listener.received.length === 3, 'the events after the drop');
    expect(listener.received.map((e) => header(e)?.recordIds[0])).toEqual([a, b, c]);
    expect(listener.sent.filter((m) => m.channel === '/meta/handshake')).toHaveLength(2);
    const resubscribe = listener.sent.filter((m) => m.channel === '/meta/subscribe').at(-1) as { ext?: { replay?: Record<string, number> } } | undefined;
    expect(resubscribe?.ext?.replay).toEqual({ '/data/AccountChangeEvent': listener.received[0]?.event.replayId });
  });

  it("sends each entity's channel only that entity's events, and /data/ChangeEvents every selected entity's", async () => {
    const org = await start(STREAMING);
    const conn = org.connect();
    const opportunities = listen(conn, '/data/OpportunityChangeEvent', -1);
    const all = listen(conn, '/data/ChangeEvents', -1);
    await Promise.all([opportunities.subscribed, all.subscribed]);
    org.sandbox.org.update('Account', liveIds(org, 'Account')[0] ?? '', { Type: 'Customer' });
    org.sandbox.org.update('Opportunity', liveIds(org, 'Opportunity')[0] ?? '', { Amount: 5 });
    org.sandbox.org.insert('Contact', { LastName: 'Not selected' });
    await waitFor(() => all.received.length === 2 && opportunities.received.length === 1, 'the events on both channels');
    expect(opportunities.received.map((e) => header(e)?.entityName)).toEqual(['Opportunity']);
    expect(all.received.map((e) => header(e)?.entityName)).toEqual(['Account', 'Opportunity']);
  });

  it("answers Bayeux errors as Salesforce does: no token, an unknown or lapsed client, an unknown API version", async () => {
    let offsetMs = 0;
    const org = await start({ ...STREAMING, clock: { now: () => new Date(Date.now() + offsetMs) } });
    const handshake = { channel: '/meta/handshake', id: '1', version: '1.0', supportedConnectionTypes: ['long-polling'] };
    expect(await cometd(org, [handshake])).toEqual({
      status: 200,
      body: [{ channel: '/meta/handshake', id: '1', successful: false, error: '403::Handshake denied', ext: { sfdc: { failureReason: '401::Request requires authentication' }, replay: true }, advice: { reconnect: 'none' } }],
    });
    const token = org.sandbox.issueSession().accessToken;
    const shaken = await cometd(org, [handshake], token);
    expect(shaken.body).toEqual([{ channel: '/meta/handshake', id: '1', clientId: expect.stringMatching(/^[a-z0-9]{27}$/), version: '1.0', minimumVersion: '1.0', supportedConnectionTypes: ['long-polling'], successful: true, ext: { replay: true, 'payload.format': true } }]);
    const clientId = shaken.body[0]?.clientId ?? '';
    const connect = { channel: '/meta/connect', id: '2', clientId, connectionType: 'long-polling' };
    expect((await cometd(org, [connect], token)).body).toEqual([{ channel: '/meta/connect', id: '2', clientId, successful: true, advice: { timeout: 110_000, interval: 0, reconnect: 'retry' } }]);
    expect((await cometd(org, [connect])).body[0]).toMatchObject({ successful: false, error: '401::Request requires authentication', advice: { reconnect: 'none' } });

    offsetMs += 40_001;
    expect((await cometd(org, [{ ...connect, id: '3' }], token)).body).toEqual([{ channel: '/meta/connect', id: '3', clientId, successful: false, error: '403::Unknown client', advice: { reconnect: 'handshake', interval: 0 } }]);
    expect((await cometd(org, [{ channel: '/topic/Anything', id: '4', clientId, data: {} }], token)).body[0]).toMatchObject({ successful: false, error: '403::Publish denied' });
    const unknownVersion = await fetch(`${org.loginUrl}/cometd/30.0`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([handshake]) });
    expect(unknownVersion.status).toBe(404);
    expect(await unknownVersion.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect(org.sandbox.stats().requests['POST /cometd/XX.X']).toBe(6);
  });
});
