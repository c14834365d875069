/**
 * Which transaction a save belongs to, for the change events it publishes. The writes of one REST API
 * request commit together, attributed to the request's user and to its `changeOrigin`
 * (`com/salesforce/api/rest/62.0;client=<client>` when `Sforce-Call-Options` names a client, as
 * Salesforce fills it). A save outside any request (the test handle, __simulate) stands for a user in
 * Salesforce's UI: its own transaction with an empty changeOrigin.
 *
 * The request's transaction travels in AsyncLocalStorage so that every route saving records stays
 * unaware of Change Data Capture.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { Session } from '../sessions.js';

/** Who commits a transaction, as a change event's header reports it. */
export interface WriteOrigin {
  changeOrigin: string;
  commitUser: string;
}

/** A transaction being committed: its key, number and time are fixed by its first change. */
export interface OpenTransaction extends WriteOrigin {
  committed?: { transactionKey: string; commitNumber: number; commitTimestamp: number };
  /** Changes published so far (the next one's sequenceNumber is this plus one). */
  sequence: number;
}

const requestTransactions = new AsyncLocalStorage<OpenTransaction>();

/** The transaction of the REST API request being served, if any. */
export function currentRequestTransaction(): OpenTransaction | undefined {
  return requestTransactions.getStore();
}

/** A fresh transaction for `origin` (a save outside an API request). */
export function newTransaction(origin: WriteOrigin): OpenTransaction {
  return { ...origin, sequence: 0 };
}

/** Salesforce's changeOrigin for a REST API call: the API version and the `client` of `Sforce-Call-Options`, if set. */
export function restChangeOrigin(version: string, callOptions: string | undefined): string {
  const client = (callOptions ?? '')
    .split(',')
    .map((option) => /^\s*client\s*=\s*(.*?)\s*$/i.exec(option)?.[1])
    .find((value) => value !== undefined && value !== '');
  return `com/salesforce/api/rest/${version}${client ? `;client=${client}` : ''}`;
}

/**
 * /services/data/vXX.X middleware (after the session check): serves the rest of the request inside
 * one transaction attributed to the session's user and the request's changeOrigin.
 */
export function attributeApiWrites(): RequestHandler {
  return (req, res, next) => {
    const session = res.locals.session as Session;
    const origin = { changeOrigin: restChangeOrigin(String(res.locals.apiVersion), req.get('sforce-call-options')), commitUser: session.userId };
    requestTransactions.run(newTransaction(origin), next);
  };
}
