/** Renders a card the way HubSpot hosts it: on a record, with the profile's BACKEND_URL in the context. */
import { type RenderedFragmentNode, type RenderedNode, RenderedNodeType, createRenderer } from '@hubspot/ui-extensions/testing';
import type { ReactElement } from 'react';
import { BACKEND_URL } from './backend-routes';
import { COMPANY_ID } from './insights-fixtures';

export interface RecordOptions {
  objectId?: string;
  /** HubSpot's object type id: 0-2 companies, 0-3 deals. */
  objectTypeId?: string;
  /** The profile variables; default: BACKEND_URL of the test backend. */
  variables?: Record<string, string>;
}

export function renderOnRecord(location: 'crm.record.tab' | 'crm.record.sidebar', card: ReactElement, options: RecordOptions = {}) {
  const renderer = createRenderer(location);
  renderer.mocks.context.variables = options.variables ?? { BACKEND_URL };
  renderer.mocks.context.crm.objectId = Number(options.objectId ?? COMPANY_ID);
  renderer.mocks.context.crm.objectTypeId = options.objectTypeId ?? '0-2';
  renderer.render(card);
  return renderer;
}

export function renderHomePage(page: ReactElement, variables: Record<string, string> = { BACKEND_URL }) {
  const renderer = createRenderer('home');
  renderer.mocks.context.variables = variables;
  renderer.render(page);
  return renderer;
}

/** All the text inside a rendered node (a node's own `text` covers only its direct text children). */
export function textOf(node: RenderedNode | RenderedFragmentNode): string {
  if (node.nodeType === RenderedNodeType.Text) return node.text;
  const parts = node.childNodes.map((child) => textOf(child));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Fires an input's onChange with a value. The testing library types trigger's argument as the
 * handler itself, so the value needs a cast to pass its type check.
 */
export function changeValue(node: { trigger: (event: 'onChange', arg?: never) => void }, value: string): void {
  node.trigger('onChange', value as never);
}
