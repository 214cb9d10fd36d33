import { Construct } from 'constructs';
import type { ClusterModel } from '../clusters/model';
import { clusterCaIssuer } from './lib/certificate';
import { ComponentChart } from './lib/component-chart';
import { PublishedService } from './lib/published-service';

/** The route to Kubespray's registry addon (`model.names.registryService`), reference names. */
export class RegistryChart extends ComponentChart {
  constructor(scope: Construct, id: string, model: ClusterModel) {
    super(scope, id, { model, component: 'registry' });
    const service = model.names.registryService;
    new PublishedService(this, 'registry', {
      issuer: clusterCaIssuer(model),
      namespace: service.namespace,
      host: model.hosts.registry,
      serviceName: service.name,
      servicePort: service.port,
      routeName: 'registry',
      tlsSecretName: model.names.registryTlsSecret,
    });
  }
}
