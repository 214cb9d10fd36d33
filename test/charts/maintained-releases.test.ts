/**
 * Maintained releases only: nothing retired or known vulnerable (images, charts, operators, custom
 * resource versions) is installed by any file of dist/.
 */
import { render } from '../helpers/render';
import { lacaveSpec } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('nothing retired or vulnerable reaches dist/', () => {
  // The retired releases and the advisories against them (issue 11), as strings that would appear in any file of dist/ (values, manifests, URLs).
  const retired: Array<[string, RegExp]> = [
    ['bitnamilegacy (frozen images, MongoDB CVE-2025-14847)', /bitnamilegacy|bitnami\//],
    ['MongoDB before 8.0.17 (CVE-2025-14847)', /mongo(db)?:(7\.|8\.0\.([0-9]|1[0-6])\b)/],
    ['the KongZ Graylog chart', /kong-z|kongz/],
    ['jaeger-operator (drives Jaeger v1 only, EOL 2025-12-31)', /jaeger-operator/],
    ['Jaeger v1 custom resources', /jaegertracing\.io\/v1/],
    ['Jaeger v1 images', /jaegertracing\/(all-in-one|jaeger-(collector|query|agent)):/],
    ['Ceph before v20.2.4 (CVE-2025-30156)', /ceph\/ceph:v(1\d|20\.[01]\.|20\.2\.[0-3]\b)/],
    ['Nexus before 3.91 (CVE-2026-3199)', /nexus3:3\.([0-8]\d|90)\./],
    ['Keycloak 26.4.7', /keycloak:26\.4\./],
    ['oauth2-proxy before v7.15.2', /oauth2-proxy:v7\.(1[0-4]|[0-9])\.|oauth2-proxy:v7\.15\.[01]\b/],
    ['Elastic Stack 8.19.9', /version: 8\.19\.9\b/],
  ];
  /**
   * The deploy's explicit removal of retired releases names them (docs/deploy.md, "Retired
   * releases"): it removes them, it does not install them.
   */
  const installing = (path: string, content: string) =>
    path === 'deploy.sh'
      ? content.replace(/^echo '-- Retired releases[\s\S]*?\n\n/m, '')
      : path === 'deploy.yml'
        ? content.replace(/^    - name: Remove the retired releases[\s\S]*?(?=^    - name: |(?![\s\S]))/m, '')
        : content;
  for (const [what, pattern] of retired) {
    test(what, () => {
      const hits = lacave.output.filter((f) => pattern.test(installing(f.path, f.content))).map((f) => f.path);
      expect(hits).toEqual([]);
    });
  }
});
