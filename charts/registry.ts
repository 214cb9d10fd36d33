import { Construct } from 'constructs';
import type { ClusterModel } from '../clusters/model';
import { ComponentChart } from './lib/component-chart';
import { LARGE_UPLOADS, PublishedService } from './lib/published-service';

/** The Ingress of Kubespray's registry addon (Service `registry:5000` in kube-system), reference names. */
export class RegistryChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'registry' });
    new PublishedService(this, 'registry', {
      model,
      namespace: 'kube-system',
      host: model.hosts.registry,
      serviceName: 'registry',
      servicePort: 5000,
      ingressName: 'registry-ingress',
      tlsSecretName: `registry-${model.name}-tls`,
      annotations: LARGE_UPLOADS,
    });
  }
}
