/**
 * A tiny XML element tree and its serializer: markup is built as objects and escaped in one
 * place, never assembled from strings. Attributes keep their insertion order, so the same tree
 * gives the same bytes.
 */

export type XmlAttributes = Readonly<Record<string, string | number | undefined>>;

export interface XmlElement {
  readonly name: string;
  readonly attributes: XmlAttributes;
  readonly children: readonly XmlNode[];
}

/** An element or a text node (a string, escaped on output). */
export type XmlNode = XmlElement | string;

/** `el('rect', { x: 1 })`, `el('text', { x: 1 }, 'label')`. */
export function el(name: string, attributes: XmlAttributes = {}, ...children: Array<XmlNode | readonly XmlNode[]>): XmlElement {
  if (!/^[A-Za-z_][\w.:-]*$/.test(name)) throw new Error(`not an XML element name: ${JSON.stringify(name)}`);
  return { name, attributes, children: children.flat() };
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text or an attribute value; refuses characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) throw new Error(`text not representable in XML: ${JSON.stringify(text)}`);
  return text.replace(/[&<>"]/g, (c) => TEXT_ESCAPES[c]);
}

/** Numbers with at most two decimals and no `-0`, so layout arithmetic cannot change the bytes. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  const rounded = Math.round(n * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function attributesOf(node: XmlElement): string {
  return Object.entries(node.attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      if (!/^[A-Za-z_][\w.:-]*$/.test(k)) throw new Error(`not an XML attribute name: ${JSON.stringify(k)}`);
      return ` ${k}="${escapeXml(typeof v === 'number' ? formatNumber(v) : String(v))}"`;
    })
    .join('');
}

/** An element and its subtree on one line: inside text, indentation would be rendered as spaces. */
function inline(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  if (node.children.length === 0) return `<${node.name}${attributesOf(node)}/>`;
  return `<${node.name}${attributesOf(node)}>${node.children.map(inline).join('')}</${node.name}>`;
}

function serializeNode(node: XmlNode, indent: string, out: string[]): void {
  const hasText = typeof node === 'string' || node.children.some((c) => typeof c === 'string');
  if (hasText || node.name === 'text' || node.children.length === 0) {
    out.push(indent + inline(node));
    return;
  }
  out.push(`${indent}<${node.name}${attributesOf(node)}>`);
  for (const child of node.children) serializeNode(child, indent + '  ', out);
  out.push(`${indent}</${node.name}>`);
}

/** The document: XML declaration, the tree, a final newline. */
export function serializeXml(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  serializeNode(root, '', out);
  return out.join('\n') + '\n';
}
