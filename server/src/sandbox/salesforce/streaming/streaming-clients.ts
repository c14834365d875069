/**
 * The Streaming API's Bayeux clients: their subscriptions, the events waiting for their next
 * /meta/connect, and the connect each may have held open (long polling). A client lapses when it
 * has not come back within 40 seconds of its last response (Salesforce's reconnect timeout, by the
 * sandbox clock); a lapsed, disconnected or dropped client is unknown from then on.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../clock/clock.js';
import type { BayeuxReply } from './bayeux-messages.js';
import type { ChangeChannel } from './change-channels.js';
import type { ChangeEvent } from './change-event-bus.js';

/** Salesforce expires a client that does not reconnect within 40 seconds after a response. */
export const RECONNECT_TIMEOUT_MS = 40_000;
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A client id shaped like Salesforce's (27 lower-case letters and digits). */
const newClientId = (): string => Array.from(randomBytes(27), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');

interface HeldConnect {
  answer(): void;
  timer: NodeJS.Timeout;
}

export interface StreamingClient {
  readonly id: string;
  /** Subscribed channels by name. */
  readonly subscriptions: Map<string, ChangeChannel>;
  /** Event messages waiting for the next /meta/connect answer. */
  pending: BayeuxReply[];
  /** `dropped` when the server lost it (its held connect is answered 403::Unknown client). */
  state: 'open' | 'disconnected' | 'dropped';
  held?: HeldConnect;
  /** Clock ms at which the client lapses unless a connect is held. */
  lapsesAt: number;
}

export class StreamingClients {
  private readonly clients = new Map<string, StreamingClient>();
  private readonly toAnswer = new Set<StreamingClient>();

  constructor(private readonly clock: Clock) {}

  /** A new client (after a successful handshake). */
  open(): StreamingClient {
    const client: StreamingClient = { id: newClientId(), subscriptions: new Map(), pending: [], state: 'open', lapsesAt: 0 };
    this.answered(client);
    this.clients.set(client.id, client);
    return client;
  }

  /** The live client with this id. */
  find(id: unknown): StreamingClient | undefined {
    this.pruneLapsed();
    return typeof id === 'string' ? this.clients.get(id) : undefined;
  }

  /** Starts the client's reconnect timeout: call when a response to it is sent. */
  answered(client: StreamingClient): void {
    client.lapsesAt = this.clock.now().getTime() + RECONNECT_TIMEOUT_MS;
  }

  /**
   * Holds a /meta/connect until an event is queued for the client or `ms` pass, then calls `answer`.
   * A connect already held for the client is answered first (a client has one connect outstanding).
   */
  hold(client: StreamingClient, ms: number, answer: () => void): void {
    this.release(client);
    client.held = { answer, timer: setTimeout(() => this.release(client), ms) };
  }

  /** Queues an event for the client on `channel`; a held connect is answered once the current save has published all its events. */
  queue(client: StreamingClient, channel: string, event: ChangeEvent): void {
    client.pending.push({ channel, data: event.data });
    if (!client.held || this.toAnswer.has(client)) return;
    if (this.toAnswer.size === 0) {
      setImmediate(() => {
        const clients = [...this.toAnswer];
        this.toAnswer.clear();
        for (const c of clients) this.release(c);
      });
    }
    this.toAnswer.add(client);
  }

  /** Queues a published event for every client subscribed to a channel that carries it. */
  deliver(event: ChangeEvent): void {
    this.pruneLapsed();
    for (const client of this.clients.values()) {
      for (const channel of client.subscriptions.values()) if (channel.carries(event.entityName)) this.queue(client, channel.name, event);
    }
  }

  /** Takes the client's pending event messages. */
  drain(client: StreamingClient): BayeuxReply[] {
    const messages = client.pending;
    client.pending = [];
    return messages;
  }

  /** Forgets a client that asked to disconnect (its held connect is answered). */
  disconnect(client: StreamingClient): void {
    this.forget(client, 'disconnected');
  }

  /** Forgets every client as a server restart would: their next request gets 403::Unknown client. Returns how many. */
  dropAll(): number {
    const clients = [...this.clients.values()];
    for (const client of clients) this.forget(client, 'dropped');
    return clients.length;
  }

  get size(): number {
    this.pruneLapsed();
    return this.clients.size;
  }

  private forget(client: StreamingClient, state: 'disconnected' | 'dropped'): void {
    client.state = state;
    this.clients.delete(client.id);
    this.release(client);
  }

  private release(client: StreamingClient): void {
    const held = client.held;
    if (!held) return;
    clearTimeout(held.timer);
    client.held = undefined;
    held.answer();
  }

  private pruneLapsed(): void {
    const now = this.clock.now().getTime();
    for (const [id, client] of this.clients) if (!client.held && client.lapsesAt <= now) this.clients.delete(id);
  }
}
