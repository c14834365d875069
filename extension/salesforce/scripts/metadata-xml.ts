/**
 * A small writer for Metadata API source files: elements with text or child elements, no attributes,
 * indented by four spaces like the files the Salesforce CLI retrieves, so regenerating a file gives
 * byte-identical output and a drift check can compare text.
 */

/** One element: either a leaf with text or a parent with children, in document order. */
export type XmlElement = { name: string; text: string } | { name: string; children: readonly XmlElement[] };

/** The Metadata API namespace every source-format file declares. */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

const INDENT = '    ';

/** A leaf element; numbers and booleans are written as the Metadata API expects (`3`, `true`). */
export function leaf(name: string, value: string | number | boolean): XmlElement {
  return { name, text: String(value) };
}

/** A parent element. */
export function parent(name: string, children: readonly XmlElement[]): XmlElement {
  return { name, children };
}

/** A complete file: the XML declaration, the root element in the metadata namespace, a final newline. */
export function metadataDocument(root: string, children: readonly XmlElement[]): string {
  const body = children.flatMap((child) => render(child, 1));
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<${root} xmlns="${METADATA_NAMESPACE}">`, ...body, `</${root}>`, ''].join('\n');
}

function render(element: XmlElement, depth: number): string[] {
  const pad = INDENT.repeat(depth);
  if ('text' in element) return [`${pad}<${element.name}>${escapeText(element.text)}</${element.name}>`];
  return [`${pad}<${element.name}>`, ...element.children.flatMap((child) => render(child, depth + 1)), `${pad}</${element.name}>`];
}

/** Escapes the characters XML text content cannot hold as they are. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
