import { Construct } from 'constructs';
import type { ClusterModel } from '../clusters/model';
import { type ClusterCaIssuer, clusterCaIssuer } from './lib/certificate';
import { ComponentChart, type PlatformChartProps } from './lib/component-chart';
import { PublishedService, RouteBackend } from './lib/published-service';

/** Where Kubespray's registry addon answers and where it is published. */
export interface RegistryChartProps extends PlatformChartProps {
  /** The addon's Service: Kubespray makes it, so it is named (`model.names.registryService`). */
  readonly service: { readonly namespace: string; readonly name: string; readonly port: number };
  /** Host of the registry (`model.hosts.registry`). */
  readonly host: string;
  /** Issuer of the host's certificate: `clusterCaIssuer(model)`. */
  readonly issuer: ClusterCaIssuer;
  /** Secret of the host's certificate (`model.names.registryTlsSecret`). */
  readonly tlsSecretName: string;
}

/** The route to Kubespray's registry addon (`model.names.registryService`), reference names. */
export class RegistryChart extends ComponentChart {
  constructor(scope: Construct, id: string, props: RegistryChartProps) {
    super(scope, id, { clusterName: props.clusterName, component: 'registry' });
    const { service } = props;
    new PublishedService(this, 'registry', {
      issuer: props.issuer,
      backend: RouteBackend.fromServiceName(service.namespace, service.name, service.port),
      host: props.host,
      routeName: 'registry',
      tlsSecretName: props.tlsSecretName,
    });
  }
}

/** The chart's props from the model. */
export function registryChartProps(model: ClusterModel): RegistryChartProps {
  return { clusterName: model.name, service: model.names.registryService, host: model.hosts.registry, issuer: clusterCaIssuer(model), tlsSecretName: model.names.registryTlsSecret };
}
