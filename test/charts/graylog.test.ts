/**
 * Graylog (charts/graylog.ts): Graylog, its Data Node and MongoDB wired by the spec's Secret
 * contract, the inputs' Services and API bodies, the web interface's publication.
 */
import * as fs from 'fs';
import * as path from 'path';
import { find, ofKind, render } from '../helpers/render';
import { lacaveSpec } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('53-graylog', () => expect(lacave.files['manifests/53-graylog.yaml']).toMatchSnapshot());
  test('graylog inputs', () => {
    const inputs = Object.keys(lacave.files).filter((p) => /^graylog\//.test(p)).sort();
    expect(inputs).toEqual(['graylog/inputs/beats.json', 'graylog/inputs/gelf-tcp.json', 'graylog/inputs/gelf-udp.json']);
    for (const p of inputs) expect(lacave.files[p]).toMatchSnapshot(p);
  });
});

describe('Graylog', () => {
  const objs = lacave.objectsOf('53-graylog');
  const secret = lacave.model.components.graylog.secretName;
  const podSpecs = objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind)).map((o) => [o.metadata.name, o.spec.template.spec] as const);
  const containers = podSpecs.flatMap(([owner, spec]) => spec.containers.map((c: any) => ({ owner, c })));
  const env = (owner: string, name: string) => containers.find((x) => x.owner === owner)!.c.env.find((e: any) => e.name === name);
  const keysRead = new Set(containers.flatMap(({ c }) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter((r: any) => r && r.name === secret).map((r: any) => r.key)));

  /** The keys the spec documents for `GraylogSpec.secretName`: the contract an admin creates the Secret from. */
  const documentedKeys = () => {
    const spec = fs.readFileSync(path.join(__dirname, '..', '..', 'clusters', 'model', 'spec.ts'), 'utf8');
    const block = spec.slice(spec.indexOf('export interface GraylogSpec'));
    const doc = block.slice(0, block.indexOf('readonly secretName'));
    const comment = doc.slice(doc.lastIndexOf('/**'));
    const list = comment.slice(comment.indexOf('credential:'));
    return { comment, keys: new Set([...list.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((k) => !k.includes('graylog-mongodb'))) };
  };

  test('every key of the Secret the workloads read is one the spec documents, and each documented key is read', () => {
    expect([...keysRead].sort()).toEqual([...documentedKeys().keys].sort());
  });

  test("the documented mongodb-uri names the MongoDB Service, port, user and database the output creates", () => {
    const m = /`(mongodb:\/\/[^`]+)`/.exec(documentedKeys().comment)!;
    const uri = new URL(m[1].replace('<mongodb-passwords>', 'pw').replace('<name>', lacave.model.name));
    const service = find(objs, 'Service', uri.hostname, 'graylog-system')!;
    expect(service).toBeDefined();
    expect(service.spec.ports.map((p: any) => p.port)).toContain(Number(uri.port));
    const mongo = find(objs, 'Deployment', uri.hostname, 'graylog-system')!;
    expect(mongo.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    // the first start creates that user on that database, with the password of mongodb-passwords
    const init = ofKind(objs, 'ConfigMap').find((c) => mongo.spec.template.spec.volumes.some((v: any) => v.configMap?.name === c.metadata.name))!;
    const script: string = Object.values<string>(init.data)[0];
    const call = /getSiblingDB\("([^"]+)"\)\.createUser\(\{"user":"([^"]+)","pwd":process\.env\.(\w+),"roles":\[\{"role":"dbOwner","db":"([^"]+)"\}\]\}\)/.exec(script)!;
    expect(call).not.toBeNull();
    expect([call[1], call[2], call[4]]).toEqual([uri.pathname.slice(1), uri.username, uri.pathname.slice(1)]);
    expect(env(mongo.metadata.name, call[3]).valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-passwords' });
    expect(env(mongo.metadata.name, 'MONGO_INITDB_ROOT_PASSWORD').valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-root-password' });
    // Graylog and the Data Node connect with mongodb-uri and share password_secret
    for (const [owner, variable] of [['lacave-graylog', 'GRAYLOG_MONGODB_URI'], ['lacave-graylog-datanode', 'GRAYLOG_DATANODE_MONGODB_URI']]) expect(env(owner, variable).valueFrom.secretKeyRef).toEqual({ name: secret, key: 'mongodb-uri' });
    expect(env('lacave-graylog', 'GRAYLOG_PASSWORD_SECRET').valueFrom.secretKeyRef).toEqual(env('lacave-graylog-datanode', 'GRAYLOG_DATANODE_PASSWORD_SECRET').valueFrom.secretKeyRef);
  });

  test('the mongo image is the official one, ≥ 8.0.17; Graylog and its Data Node are the same release', () => {
    const image = (owner: string) => containers.find((x) => x.owner === owner)!.c.image as string;
    const mongo = /^mongo:8\.0\.(\d+)$/.exec(image('lacave-graylog-mongodb'))!;
    expect(Number(mongo[1])).toBeGreaterThanOrEqual(17);
    expect(image('lacave-graylog-datanode').split(':')[1]).toBe(image('lacave-graylog').split(':')[1]);
    expect(image('lacave-graylog')).toMatch(/^graylog\/graylog:7\.\d+\.\d+$/);
  });

  test('MongoDB keeps the Bitnami release volume: same claim name, files where Bitnami wrote them', () => {
    const mongo = find(objs, 'Deployment', 'lacave-graylog-mongodb', 'graylog-system')!.spec.template.spec;
    const claim = mongo.volumes.find((v: any) => v.persistentVolumeClaim).persistentVolumeClaim.claimName;
    expect(claim).toBe('lacave-graylog-mongodb');
    expect(mongo.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data/db', subPath: 'data/db' });
    expect(find(objs, 'PersistentVolumeClaim', claim, 'graylog-system')!.spec.storageClassName).toBe('rook-ceph-block');
  });

  test('inputs: the Services open the ports the API bodies configure, on the Graylog pods', () => {
    const graylog = find(objs, 'StatefulSet', 'lacave-graylog', 'graylog-system')!;
    const bodies = Object.entries(lacave.files).filter(([p]) => p.startsWith('graylog/inputs/')).map(([, c]) => JSON.parse(c));
    const ports = ofKind(objs, 'Service').filter((s) => /-(tcp|udp)$/.test(s.metadata.name)).flatMap((s) => {
      expect(graylog.spec.template.metadata.labels).toMatchObject(s.spec.selector);
      return s.spec.ports.map((p: any) => p.port);
    });
    expect(bodies.map((b) => b.configuration.port).sort()).toEqual(ports.sort());
    const containerPorts = graylog.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort);
    for (const p of ports) expect(containerPorts).toContain(p);
  });

  test('graylog inputs: the seed ports, the same on the Services and in the API bodies', () => {
    const services = ofKind(objs, 'Service').filter((s) => /^lacave-graylog-(tcp|udp)$/.test(s.metadata.name));
    const fromValues = services.flatMap((s) => s.spec.ports.map((p: any) => `${p.name}:${p.port}`)).sort();
    const fromApi = ['gelf-tcp', 'gelf-udp', 'beats'].map((t) => JSON.parse(lacave.files[`graylog/inputs/${t}.json`]!)).map((b) => `${b.title}:${b.configuration.port}`).sort();
    expect(fromValues).toEqual(['beats:5061', 'gelf-tcp:12222', 'gelf-udp:12231']);
    expect(fromApi).toEqual(fromValues);
  });

  test('the web interface is published under graylog.<apps domain> and knows its external URI', () => {
    const ui = ofKind(lacave.objects, 'HTTPRoute').find((i) => i.spec.hostnames?.[0] === 'graylog.kube.lacave.info')!;
    expect(ui.spec.rules[0].backendRefs[0].name).toBe('lacave-graylog');
    expect(env('lacave-graylog', 'GRAYLOG_HTTP_EXTERNAL_URI').value).toBe('https://graylog.kube.lacave.info/');
  });

  test('no Helm release is left for Graylog, MongoDB or OpenSearch', () => {
    expect(Object.keys(lacave.files).filter((p) => /^helm\/graylog/.test(p))).toEqual([]);
  });
});
