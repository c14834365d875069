/**
 * Change Data Capture's subscription channels and replay options, with the errors Salesforce's
 * /meta/subscribe answers for them: `/data/ChangeEvents` carries every selected entity's events,
 * `/data/<Entity>ChangeEvent` one selected entity's (channel names are case-sensitive). The replay
 * option (`ext.replay[channel]`) is -1 (new events only, the default), -2 (every retained event) or
 * the replay id of a retained event (the events after it).
 */
import type { SObjectName } from '../org-data.js';
import type { ChangeEventBus } from './change-event-bus.js';

export const ALL_CHANGE_EVENTS_CHANNEL = '/data/ChangeEvents';
export const REPLAY_NEW_EVENTS = -1;
export const REPLAY_ALL_EVENTS = -2;

/** A subscribable channel: which entities' events it carries. */
export interface ChangeChannel {
  name: string;
  carries(entity: SObjectName): boolean;
}

/** The channel named `name`, or the subscribe error Salesforce answers for it. */
export function changeChannel(name: unknown, entities: ReadonlySet<SObjectName>): ChangeChannel | { error: string } {
  if (typeof name !== 'string' || name === '') return { error: '400::Channel name not specified' };
  if (!name.startsWith('/')) return { error: "400::Channel subscriptions must start with a leading '/'" };
  if (name === ALL_CHANGE_EVENTS_CHANNEL && entities.size > 0) return { name, carries: (entity) => entities.has(entity) };
  const entity = /^\/data\/(\w+)ChangeEvent$/.exec(name)?.[1];
  const selected = [...entities].find((e) => e === entity);
  if (selected) return { name, carries: (e) => e === selected };
  return { error: `400::The channel you requested to subscribe to does not exist {${name}}` };
}

/** The replay id a subscription starts after (its events are those with a greater id), or the subscribe error. */
export function replayStart(requested: unknown, bus: ChangeEventBus): { after: number } | { error: string } {
  const id = typeof requested === 'string' && /^-?\d+$/.test(requested) ? Number(requested) : requested;
  if (id === undefined || id === REPLAY_NEW_EVENTS) return { after: bus.latestReplayId };
  if (id === REPLAY_ALL_EVENTS) return { after: 0 };
  if (typeof id === 'number' && Number.isInteger(id) && bus.isRetained(id)) return { after: id };
  return { error: `400::The replayId {${String(requested)}} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.` };
}
