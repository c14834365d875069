/**
 * The Bayeux side of the Streaming API: /meta/handshake, /meta/connect (long polling), /meta/subscribe,
 * /meta/unsubscribe and /meta/disconnect for Change Data Capture channels. Every request's session
 * (the Authorization header) is checked: a handshake without a live session is denied, any other
 * request answered `401::… reconnect: none`, as Salesforce validates the session while a client is
 * connected. Clients cannot publish.
 */
import type { SessionRegistry } from '../sessions.js';
import type { StatsRecorder } from '../stats.js';
import {
  authenticationRefused,
  CONNECT_ADVICE,
  failed,
  handshakeDenied,
  replyTo,
  unknownClient,
  type AuthFailure,
  type BayeuxReply,
  type BayeuxRequest,
} from './bayeux-messages.js';
import { changeChannel, replayStart } from './change-channels.js';
import type { ChangeEventBus } from './change-event-bus.js';
import type { StreamingClient, StreamingClients } from './streaming-clients.js';

export interface BayeuxEndpointDeps {
  bus: ChangeEventBus;
  clients: StreamingClients;
  sessions: SessionRegistry;
  stats: StatsRecorder;
  /** How long a /meta/connect is held when no event is waiting (Salesforce: 110 seconds). */
  connectTimeoutMs: number;
}

type Replies = BayeuxReply[] | Promise<BayeuxReply[]>;

export class BayeuxEndpoint {
  constructor(private readonly deps: BayeuxEndpointDeps) {}

  /** The replies to one HTTP request's messages, in order; resolves when a held /meta/connect is answered. */
  async handle(requests: readonly BayeuxRequest[], accessToken: string | undefined): Promise<BayeuxReply[]> {
    return (await Promise.all(requests.map((request) => this.reply(request, accessToken)))).flat();
  }

  private reply(request: BayeuxRequest, accessToken: string | undefined): Replies {
    switch (request.channel) {
      case '/meta/handshake':
        return [this.handshake(request, accessToken)];
      case '/meta/connect':
        return this.connect(request, accessToken);
      case '/meta/subscribe':
        return [this.withClient(request, accessToken, (client) => this.subscribe(request, client))];
      case '/meta/unsubscribe':
        return [this.withClient(request, accessToken, (client) => this.unsubscribe(request, client))];
      case '/meta/disconnect':
        return [this.disconnect(request)];
      default:
        return [failed(request, request.channel.startsWith('/meta/') ? '400::Unknown meta channel' : '403::Publish denied')];
    }
  }

  private authFailure(accessToken: string | undefined): AuthFailure | undefined {
    if (!accessToken) return '401::Request requires authentication';
    return this.deps.sessions.check(accessToken) ? undefined : '401::Authentication invalid';
  }

  private handshake(request: BayeuxRequest, accessToken: string | undefined): BayeuxReply {
    const refused = this.authFailure(accessToken);
    if (refused) return handshakeDenied(request, refused);
    const client = this.deps.clients.open();
    return {
      ...replyTo(request),
      clientId: client.id,
      version: '1.0',
      minimumVersion: '1.0',
      supportedConnectionTypes: ['long-polling'],
      successful: true,
      ext: { replay: true, 'payload.format': true },
    };
  }

  private connect(request: BayeuxRequest, accessToken: string | undefined): Replies {
    const refused = this.authFailure(accessToken);
    if (refused) return [authenticationRefused(request, refused)];
    const client = this.deps.clients.find(request.clientId);
    if (!client) return [unknownClient(request)];
    // A client batching other messages with its connect asks for an immediate answer with advice.timeout 0.
    const holdMs = Math.min(this.deps.connectTimeoutMs, request.advice?.timeout ?? Infinity);
    if (client.pending.length > 0 || holdMs <= 0) return this.answerConnect(request, client, accessToken);
    return new Promise((resolve) => this.deps.clients.hold(client, holdMs, () => resolve(this.answerConnect(request, client, accessToken))));
  }

  /** The events waiting for the client, then the connect reply (checked again: the session may have ended during the hold). */
  private answerConnect(request: BayeuxRequest, client: StreamingClient, accessToken: string | undefined): BayeuxReply[] {
    if (client.state === 'dropped') return [unknownClient(request)];
    const refused = this.authFailure(accessToken);
    if (refused) return [authenticationRefused(request, refused)];
    const events = this.deps.clients.drain(client);
    this.deps.stats.changeEventsDelivered(events.length);
    this.deps.clients.answered(client);
    return [...events, { ...replyTo(request), successful: true, advice: CONNECT_ADVICE }];
  }

  private withClient(request: BayeuxRequest, accessToken: string | undefined, work: (client: StreamingClient) => BayeuxReply): BayeuxReply {
    const refused = this.authFailure(accessToken);
    if (refused) return authenticationRefused(request, refused);
    const client = this.deps.clients.find(request.clientId);
    if (!client) return unknownClient(request);
    const reply = work(client);
    this.deps.clients.answered(client);
    return reply;
  }

  /** Subscribes to a change channel, queuing the retained events the replay option asks for. */
  private subscribe(request: BayeuxRequest, client: StreamingClient): BayeuxReply {
    const channel = changeChannel(request.subscription, this.deps.bus.entities);
    if ('error' in channel) return failed(request, channel.error, { subscription: request.subscription });
    const replay = request.ext?.replay;
    const start = replayStart(typeof replay === 'object' && replay !== null ? (replay as Record<string, unknown>)[channel.name] : undefined, this.deps.bus);
    if ('error' in start) return failed(request, start.error, { subscription: channel.name });
    client.subscriptions.set(channel.name, channel);
    for (const event of this.deps.bus.after(start.after)) if (channel.carries(event.entityName)) this.deps.clients.queue(client, channel.name, event);
    return { ...replyTo(request), subscription: channel.name, successful: true };
  }

  private unsubscribe(request: BayeuxRequest, client: StreamingClient): BayeuxReply {
    if (typeof request.subscription === 'string') client.subscriptions.delete(request.subscription);
    return { ...replyTo(request), subscription: request.subscription, successful: true };
  }

  private disconnect(request: BayeuxRequest): BayeuxReply {
    const client = this.deps.clients.find(request.clientId);
    if (!client) return unknownClient(request);
    this.deps.clients.disconnect(client);
    return { ...replyTo(request), successful: true };
  }
}
