/**
 * Bayeux 1.0 messages as Salesforce's CometD server exchanges them: what a client sends, the replies,
 * and the error replies Salesforce documents ("Handling Streaming API Errors"): `403::Handshake denied`
 * with the reason in `ext.sfdc.failureReason`, `401::Authentication invalid` /
 * `401::Request requires authentication` with `reconnect: none`, `403::Unknown client` with
 * `reconnect: handshake`.
 */
import { z } from 'zod';

/** One message a client sends (fields the server reads; others are ignored). */
export const bayeuxRequestSchema = z.looseObject({
  channel: z.string(),
  id: z.string().optional(),
  clientId: z.string().optional(),
  subscription: z.unknown().optional(),
  advice: z.looseObject({ timeout: z.number().optional() }).optional(),
  ext: z.record(z.string(), z.unknown()).optional(),
});
export type BayeuxRequest = z.infer<typeof bayeuxRequestSchema>;

export interface Advice {
  reconnect: 'retry' | 'handshake' | 'none';
  interval?: number;
  timeout?: number;
}

/** A message the server sends: a reply to a request, or an event (`data`) on a subscribed channel. */
export interface BayeuxReply {
  channel: string;
  id?: string;
  clientId?: string;
  successful?: boolean;
  error?: string;
  subscription?: unknown;
  advice?: Advice;
  ext?: Record<string, unknown>;
  data?: unknown;
  [field: string]: unknown;
}

/** Salesforce holds a /meta/connect up to 110 seconds when no event is waiting. */
export const SALESFORCE_CONNECT_TIMEOUT_MS = 110_000;

/** The advice of every successful /meta/connect (Salesforce's, whatever hold the sandbox was given). */
export const CONNECT_ADVICE: Advice = { timeout: SALESFORCE_CONNECT_TIMEOUT_MS, interval: 0, reconnect: 'retry' };

/** The reply's routing fields: the request's channel, id and client id. */
export function replyTo(request: BayeuxRequest): BayeuxReply {
  return { channel: request.channel, ...(request.id === undefined ? {} : { id: request.id }), ...(request.clientId === undefined ? {} : { clientId: request.clientId }) };
}

export function failed(request: BayeuxRequest, error: string, extra: Partial<BayeuxReply> = {}): BayeuxReply {
  return { ...replyTo(request), ...extra, error, successful: false };
}

/** Why a request's credentials are refused: no token, or a session that is unknown, expired or revoked. */
export type AuthFailure = '401::Request requires authentication' | '401::Authentication invalid';

/** A refused handshake (jsforce's AuthFailure extension stops on its `reconnect: none`). */
export function handshakeDenied(request: BayeuxRequest, reason: AuthFailure): BayeuxReply {
  return failed(request, '403::Handshake denied', { ext: { sfdc: { failureReason: reason }, replay: true }, advice: { reconnect: 'none' } });
}

/** A connect (or subscription change) whose session has ended: the client must log in again. */
export function authenticationRefused(request: BayeuxRequest, reason: AuthFailure): BayeuxReply {
  return failed(request, reason, { advice: { reconnect: 'none', interval: 0 } });
}

/** A client the server does not know (never handshaken, lapsed or dropped): the client must handshake again. */
export function unknownClient(request: BayeuxRequest): BayeuxReply {
  return failed(request, '403::Unknown client', { advice: { reconnect: 'handshake', interval: 0 } });
}
