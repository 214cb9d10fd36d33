/**
 * No plaintext secret reaches dist/: with Secret names and an ansible-vault ciphertext planted in
 * the spec, every file of the output refers to Secrets by name only, the ciphertext stays in the
 * inventory, and the reference's known plaintexts appear nowhere.
 */
import { parse } from 'yaml';
import { render } from '../helpers/render';
import { lacaveWith } from '../helpers/specs';

describe('no plaintext secret reaches dist/', () => {
  const planted = lacaveWith((s) => {
    s.oidc.clientSecret = { secretName: 'planted-oidc-zq7', key: 'planted-key-zq7' };
    s.components.keycloak = { adminSecretName: 'planted-kc-admin-zq7' };
    s.components.monitoring = { grafanaAdminSecretName: 'planted-grafana-zq7' };
    s.components.graylog = { secretName: 'planted-graylog-zq7' };
    s.components.nexus.adminPasswordVault = { vault: '$ANSIBLE_VAULT;1.2;AES256;lacave\n6162636465666768717a37717a37717a37\n' };
  });
  const r = render(planted);
  const all = Object.entries(r.files);
  // Plaintexts of the reference (keycloak-gatekeeper args, Grafana values, MongoDB values) and of seed 000.
  const KNOWN_PLAINTEXTS = ['LeClientSecretGenereParKeycloak', '673ff5f9ea254d0ea89dc3cc0d8ea26a', 'prom-operator', 'ASDESERSaswaASDwqfasda', 'client-secret-de-kube-api'];

  test('the planted vault ciphertext appears nowhere but the inventory', () => {
    for (const [p, c] of all) if (!p.startsWith('inventory/')) expect([p, c.includes('6162636465666768717a37717a37717a37')]).toEqual([p, false]);
  });
  test('the reference plaintexts appear nowhere', () => {
    for (const [p, c] of all) for (const s of KNOWN_PLAINTEXTS) expect([p, s, c.includes(s)]).toEqual([p, s, false]);
  });
  test('the planted Secret names are used, by reference only', () => {
    const text = all.map(([, c]) => c).join('\n');
    for (const n of ['planted-oidc-zq7', 'planted-kc-admin-zq7', 'planted-grafana-zq7', 'planted-graylog-zq7']) expect(text).toContain(n);
    const secrets = r.objects.filter((o) => o.kind === 'Secret');
    for (const s of secrets) expect([s.metadata.name, s.data, s.stringData]).toEqual([s.metadata.name, undefined, undefined]);
  });
  test('every secret-looking env var of every container reads a Secret', () => {
    const containers = r.objects.flatMap((o) => {
      const spec = o.spec?.template?.spec ?? o.spec?.daemonSet?.podTemplate?.spec ?? o.spec?.podTemplate?.spec;
      return spec?.containers ?? [];
    });
    const envs = containers.flatMap((c: any) => c.env ?? []);
    expect(envs.length).toBeGreaterThan(10);
    for (const e of envs.filter((e: any) => /PASSWORD|SECRET|TOKEN/.test(e.name))) expect([e.name, e.value]).toEqual([e.name, undefined]);
    for (const c of containers) for (const a of c.args ?? []) expect(a).not.toMatch(/-(client|cookie)-secret=/);
  });
  test('Helm values carry no password, only Secret names', () => {
    const walk = (v: unknown, at: string, found: string[]) => {
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        if (/^(password|adminPassword|rootPassword|passwords)$/i.test(k)) found.push(`${at}.${k}`);
        walk(x, `${at}.${k}`, found);
      }
      return found;
    };
    for (const [p, c] of all.filter(([p]) => p.startsWith('helm/') && p.endsWith('.yaml'))) expect([p, walk(parse(c), '', [])]).toEqual([p, []]);
    const grafana = parse(r.files['helm/kube-prometheus-stack.values.yaml']!).grafana;
    expect(grafana.admin).toEqual({ existingSecret: 'planted-grafana-zq7', userKey: 'admin-user', passwordKey: 'admin-password' });
  });
});
