/**
 * `dist/<cluster>/topology.svg`: the cluster at a glance — the node network and its gateway, one
 * card per node (name, address, OS, roles, Ceph disks, labels), and the hosts the cluster
 * publishes with the component behind each. Reads only the model; the markup is an element tree
 * (`xml.ts`), laid out with a monospace font so text widths are known without a renderer.
 */
import type { ClusterModel, NodeModel } from '../clusters/model';
import { networkOf } from '../clusters/model/ipv4';
import type { OutputFile } from '../output/files';
import { publishedHosts } from './published';
import { el, serializeXml, type XmlElement } from './xml';

export { publishedHosts } from './published';

const FONT = "'DejaVu Sans Mono', Menlo, Consolas, monospace";
/** Advance of one character of a monospace font, in em. */
const CHAR_EM = 0.6;
const MARGIN = 24;
const GAP = 20;
const PAD = 12;
const LINE = 18;
const BODY = 13;
const SMALL = 11;
const NODES_PER_ROW = 4;

const COLORS = {
  text: '#1f2328',
  muted: '#57606a',
  border: '#8c959f',
  card: '#f6f8fa',
  network: '#0969da',
  roles: { 'control-plane': '#1f4e9a', etcd: '#9a5b00', worker: '#1a7f37', ingress: '#6f42c1' },
} as const;
type Badge = keyof typeof COLORS.roles;

const width = (text: string, size = BODY) => text.length * size * CHAR_EM;

function text(x: number, y: number, content: string, opts: { size?: number; bold?: boolean; color?: string; anchor?: string } = {}): XmlElement {
  return el(
    'text',
    {
      x,
      y,
      'font-size': opts.size ?? BODY,
      'font-weight': opts.bold ? 'bold' : undefined,
      fill: opts.color ?? COLORS.text,
      'text-anchor': opts.anchor,
    },
    content,
  );
}

const line = (x1: number, y1: number, x2: number, y2: number, color: string = COLORS.network, strokeWidth = 2) =>
  el('line', { x1, y1, x2, y2, stroke: color, 'stroke-width': strokeWidth });

const OS_NAMES: Record<NodeModel['os'], string> = { fcos: 'Fedora CoreOS', flatcar: 'Flatcar Container Linux' };

function badgesOf(node: NodeModel): Badge[] {
  const badges: Badge[] = [];
  if (node.controlPlane) badges.push('control-plane');
  if (node.etcd) badges.push('etcd');
  if (node.worker) badges.push('worker');
  if (node.ingress) badges.push('ingress');
  return badges;
}

const badgeWidth = (b: Badge) => width(b, SMALL) + 10;
const badgesWidth = (badges: readonly Badge[]) => badges.reduce((sum, b) => sum + badgeWidth(b) + 6, -6);

function badge(x: number, y: number, name: Badge): XmlElement {
  return el(
    'g',
    {},
    el('rect', { x, y, width: badgeWidth(name), height: 18, rx: 9, fill: COLORS.roles[name] }),
    text(x + 5, y + 13, name, { size: SMALL, color: '#ffffff' }),
  );
}

/** The text lines of a node card after the name and before the badges / after the badges. */
function nodeLines(node: NodeModel): { head: string[]; tail: string[] } {
  const labels = Object.entries(node.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    head: [`${node.ip} on ${node.interface}`, OS_NAMES[node.os], `install disk ${node.installDisk}`],
    tail: [
      `Ceph disks: ${node.cephDisks.length ? node.cephDisks.join(', ') : 'none'}`,
      ...(labels.length ? ['labels:', ...labels.map(([k, v]) => `  ${k}=${v}`)] : ['labels: none']),
    ],
  };
}

function nodeCard(node: NodeModel, x: number, y: number, w: number, h: number): XmlElement {
  const { head, tail } = nodeLines(node);
  const children: XmlElement[] = [
    el('rect', { x, y, width: w, height: h, rx: 6, fill: COLORS.card, stroke: COLORS.border }),
    text(x + PAD, y + PAD + 15, node.name, { size: 16, bold: true }),
  ];
  let ty = y + PAD + 15 + LINE;
  for (const l of head) {
    children.push(text(x + PAD, ty, l, { color: l === head[0] ? COLORS.text : COLORS.muted }));
    ty += LINE;
  }
  let bx = x + PAD;
  for (const b of badgesOf(node)) {
    children.push(badge(bx, ty - 9, b));
    bx += badgeWidth(b) + 6;
  }
  ty += LINE + 8;
  for (const l of tail) {
    // Leading spaces would collapse in SVG text: indentation is an offset.
    const indent = l.length - l.trimStart().length;
    children.push(text(x + PAD + width(' '.repeat(indent)), ty, l.trimStart()));
    ty += LINE;
  }
  return el('g', { id: `node-${node.name}` }, children);
}

function cardSize(nodes: readonly NodeModel[]): { w: number; h: number } {
  let w = 0;
  let lines = 0;
  for (const n of nodes) {
    const { head, tail } = nodeLines(n);
    w = Math.max(w, width(n.name, 16), ...[...head, ...tail].map((l) => width(l)), badgesWidth(badgesOf(n)));
    lines = Math.max(lines, head.length + tail.length);
  }
  return { w: Math.ceil(w + 2 * PAD), h: PAD + 15 + LINE * (lines + 1) + 8 + PAD };
}

/** The SVG document of the cluster's topology. */
export function topologySvg(model: ClusterModel): string {
  const body: XmlElement[] = [];
  const title = `${model.name}: Kubernetes ${model.kubernetesVersion}, Kubespray ${model.kubespray.release} (${model.kubespray.containerManager}, ${model.kubespray.networkPlugin})`;
  const subtitle = `domain ${model.domain} · apps *.${model.appsDomain} · cluster DNS ${model.clusterDomain}`;
  body.push(text(MARGIN, MARGIN + 18, title, { size: 20, bold: true }));
  body.push(text(MARGIN, MARGIN + 18 + 22, subtitle, { color: COLORS.muted }));

  // The gateway, then the node network as a bus the node cards hang from.
  const gwTop = MARGIN + 64;
  const gwLines = [`gateway ${model.network.gateway}`, `DNS ${model.network.dnsServers.join(', ')}`];
  const gwW = Math.ceil(Math.max(...gwLines.map((l) => width(l))) + 2 * PAD);
  const gwH = PAD * 2 + LINE * gwLines.length - 4;
  body.push(el('rect', { x: MARGIN, y: gwTop, width: gwW, height: gwH, rx: 6, fill: '#ddf4ff', stroke: COLORS.network }));
  gwLines.forEach((l, i) => body.push(text(MARGIN + PAD, gwTop + PAD + 12 + i * LINE, l, { bold: i === 0 })));
  const networkLabel = `node network ${networkOf(model.network.gateway, model.network.prefix)}/${model.network.prefix} · search ${model.network.searchDomain}`;

  const { w: cardW, h: cardH } = cardSize(model.nodes);
  const perRow = Math.min(NODES_PER_ROW, model.nodes.length);
  const rows = Math.ceil(model.nodes.length / perRow);
  const trunkX = MARGIN + 10;
  let y = gwTop + gwH + 36;
  const cards: XmlElement[] = [];
  for (let r = 0; r < rows; r++) {
    const rowNodes = model.nodes.slice(r * perRow, (r + 1) * perRow);
    const busY = y;
    const lastCenter = MARGIN + 30 + (rowNodes.length - 1) * (cardW + GAP) + cardW / 2;
    cards.push(line(trunkX, gwTop + gwH, trunkX, busY));
    cards.push(line(trunkX, busY, Math.max(lastCenter, trunkX + width(networkLabel) + 20), busY));
    if (r === 0) cards.push(text(trunkX + 12, busY - 8, networkLabel, { color: COLORS.network, bold: true }));
    rowNodes.forEach((n, i) => {
      const x = MARGIN + 30 + i * (cardW + GAP);
      cards.push(line(x + cardW / 2, busY, x + cardW / 2, busY + 24));
      cards.push(nodeCard(n, x, busY + 24, cardW, cardH));
    });
    y = busY + 24 + cardH + 36;
  }
  body.push(...cards);

  // What the cluster publishes, and who answers.
  const ingressNodes = model.nodes.filter((n) => n.ingress).map((n) => n.name);
  const controlPlanes = model.nodes.filter((n) => n.controlPlane).map((n) => n.name);
  const published = publishedHosts(model);
  const rowsOfTable: Array<[string, string]> = [
    [`${model.hosts.apiServer}:6443`, `Kubernetes API on ${controlPlanes.join(', ')}`],
    ...published.map((p): [string, string] => [`https://${p.host}`, p.component]),
  ];
  const hostColW = Math.max(...rowsOfTable.map(([h]) => width(h))) + 24;
  const tableW = hostColW + Math.max(...rowsOfTable.map(([, c]) => width(c))) + 2 * PAD;
  const ingressText = ingressNodes.length === model.nodes.length ? 'every node' : ingressNodes.join(', ') || 'none';
  const heading = `Published hosts (DNS → ingress nodes: ${ingressText})`;
  body.push(text(MARGIN, y, heading, { size: 15, bold: true }));
  y += LINE + 6;
  rowsOfTable.forEach(([host, component], i) => {
    if (i % 2 === 0) body.push(el('rect', { x: MARGIN, y: y - 13, width: tableW, height: LINE, fill: COLORS.card }));
    body.push(text(MARGIN + PAD, y, host));
    body.push(text(MARGIN + PAD + hostColW, y, component, { color: COLORS.muted }));
    y += LINE;
  });
  if (published.length === 0) {
    body.push(text(MARGIN + PAD, y, 'no published component (all switched off)', { color: COLORS.muted }));
    y += LINE;
  }

  // Legend of the badges.
  y += 14;
  let lx = MARGIN;
  body.push(text(lx, y + 13, 'roles:', { color: COLORS.muted }));
  lx += width('roles: ');
  const legendNote = '(ingress: answers for the published hosts)';
  for (const b of Object.keys(COLORS.roles) as Badge[]) {
    body.push(badge(lx, y, b));
    lx += badgeWidth(b) + 8;
  }
  body.push(text(lx, y + 13, legendNote, { color: COLORS.muted }));
  lx += width(legendNote);
  y += 18 + MARGIN;

  const contentWidth = Math.max(
    width(title, 20),
    width(subtitle),
    30 + perRow * cardW + (perRow - 1) * GAP,
    10 + width(networkLabel) + 32,
    tableW,
    width(heading, 15),
    lx - MARGIN,
  );
  const svgWidth = Math.ceil(contentWidth + 2 * MARGIN);
  const svgHeight = Math.ceil(y);
  return serializeXml(
    el(
      'svg',
      { xmlns: 'http://www.w3.org/2000/svg', width: svgWidth, height: svgHeight, viewBox: `0 0 ${svgWidth} ${svgHeight}`, 'font-family': FONT },
      el('title', {}, `Topology of the cluster ${model.name}`),
      el('rect', { x: 0, y: 0, width: svgWidth, height: svgHeight, fill: '#ffffff' }),
      body,
    ),
  );
}

export function renderTopology(model: ClusterModel): OutputFile {
  return { path: 'topology.svg', content: topologySvg(model) };
}
