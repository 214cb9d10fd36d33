/**
 * dist/<cluster>/topology.svg: well-formed for real SVG consumers (Python's XML parser,
 * rsvg-convert), showing every fact the issue asks for, agreeing with what the manifests
 * publish, deterministic, and the README's copy (docs/topology-lacave.svg) current.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { validateSpec } from '../../clusters/model';
import { publishedHosts, topologySvg } from '../../topology-gen';
import { el, serializeXml } from '../../topology-gen/xml';
import { render } from '../helpers/render';
import { requireTool } from '../helpers/require-tool';
import { generatedSpec, lacaveSpec, lacaveWith } from '../helpers/specs';

const DOCS_COPY = join(__dirname, '..', '..', 'docs', 'topology-lacave.svg');
const lacave = render(lacaveSpec());
const svg = lacave.files['topology.svg'];

/** The text content of every <text> element, as an XML parser reads it (entities decoded). */
function textsOf(document: string): string[] {
  const script = [
    'import sys, json, xml.etree.ElementTree as ET',
    'root = ET.fromstring(sys.stdin.buffer.read())',
    'assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag',
    'print(json.dumps(["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: document, encoding: 'utf8' }));
}

test('docs/topology-lacave.svg is lacave\'s current picture', () => {
  if (readFileSync(DOCS_COPY, 'utf8') !== svg) {
    throw new Error('docs/topology-lacave.svg is stale: run `npm run docs:topology` and commit it');
  }
});

test('every node shows name, IP, OS, roles, Ceph disks and labels; the network shows its gateway', () => {
  const texts = textsOf(svg);
  for (const n of lacave.model.nodes) {
    expect(texts).toContain(n.name);
    expect(texts).toContain(`${n.ip} on ${n.interface}`);
    expect(texts).toContain(`Ceph disks: ${n.cephDisks.length ? n.cephDisks.join(', ') : 'none'}`);
  }
  expect(texts).toContain('disktype=ssd');
  expect(texts.filter((t) => t === 'Fedora CoreOS')).toHaveLength(4);
  expect(texts.filter((t) => t === 'control-plane')).toHaveLength(2 + 1); // kube01, kube03, legend
  expect(texts.filter((t) => t === 'etcd')).toHaveLength(3 + 1);
  expect(texts).toContain('gateway 192.168.1.1');
  expect(texts.some((t) => t.startsWith('node network 192.168.1.0/24'))).toBe(true);
});

test('the published hosts are exactly the hosts the rendered manifests route or certify', () => {
  const routed = new Set<string>();
  const within = (h: string) => [lacave.model.domain].some((d) => h === d || h.endsWith(`.${d}`));
  for (const o of lacave.objects) {
    if (o.kind === 'Ingress') for (const r of o.spec?.rules ?? []) routed.add(r.host);
    if (o.kind === 'HTTPRoute') for (const h of o.spec?.hostnames ?? []) routed.add(h);
    if (o.kind === 'Certificate') for (const h of o.spec?.dnsNames ?? []) if (within(h)) routed.add(h);
  }
  // Helm-installed UIs (Grafana, Graylog) get their route from the chart, their certificate from us.
  expect(publishedHosts(lacave.model).map((p) => p.host).sort()).toEqual([...routed].filter((h) => h !== lacave.model.hosts.apiServer).sort());
  const texts = textsOf(svg);
  for (const p of publishedHosts(lacave.model)) expect(texts).toContain(`https://${p.host}`);
});

test('a switched-off component is not shown as published', () => {
  const model = validateSpec(lacaveWith((s) => (s.components.graylog = { enabled: false })));
  expect(textsOf(topologySvg(model))).not.toContain(`https://${model.hosts.graylog}`);
});

test('deterministic, and larger clusters wrap into rows that rsvg-convert renders', () => {
  const big = validateSpec(generatedSpec(9, 2));
  const first = topologySvg(big);
  expect(topologySvg(validateSpec(generatedSpec(9, 2)))).toBe(first);
  const texts = textsOf(first);
  expect(texts).toContain('node0009');
  expect(texts).toContain('Flatcar Container Linux');
  if (!requireTool('rsvg-convert', 'rendering topology.svg (Debian librsvg2-bin)')) return;
  const dir = mkdtempSync(join(tmpdir(), 'topology-'));
  for (const [name, doc] of [['lacave', svg], ['big', first]]) {
    writeFileSync(join(dir, `${name}.svg`), doc);
    const r = spawnSync('rsvg-convert', ['-o', join(dir, `${name}.png`), join(dir, `${name}.svg`)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }
});

test('the XML serializer escapes text and attributes, and refuses what XML cannot carry', () => {
  const doc = serializeXml(el('svg', { xmlns: 'http://www.w3.org/2000/svg', 'data-x': 'a"<b>&' }, el('text', {}, 'x < y & "z" > w')));
  expect(textsOf(doc)).toEqual(['x < y & "z" > w']);
  expect(() => serializeXml(el('text', {}, 'bell\u0007'))).toThrow(/not representable/);
  expect(() => el('bad name')).toThrow(/element name/);
});
