/** Nexus (charts/nexus.ts). Its data without Rook-Ceph is checked in rook-ceph.test.ts. */
import { find, render } from '../helpers/render';
import { lacaveSpec, lacaveWith } from '../helpers/specs';

const lacave = render(lacaveSpec());

describe('snapshot', () => {
  test('manifests/30-nexus.yaml', () => {
    expect(lacave.files['manifests/30-nexus.yaml']).toBeDefined();
    expect(lacave.files['manifests/30-nexus.yaml']).toMatchSnapshot();
  });
});

describe('what the spec changes', () => {
  test('the Nexus admin password comes only from the named Secret', () => {
    const fromSecret = render(lacaveWith((s) => (s.components.nexus.adminPassword = { secretName: 'nexus-admin', key: 'password' })));
    const nexus = find(fromSecret.objects, 'Deployment', 'nexus-deployment', 'nexus')!;
    const env = nexus.spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'NEXUS_SECURITY_INITIAL_PASSWORD').valueFrom).toEqual({ secretKeyRef: { name: 'nexus-admin', key: 'password' } });
    expect(find(lacave.objects, 'Deployment', 'nexus-deployment', 'nexus')!.spec.template.spec.containers[0].env.map((e: any) => e.name)).toEqual(['INSTALL4J_ADD_VM_PARAMS']);
  });
});
