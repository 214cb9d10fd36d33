/**
 * Namespaces that several charts name but none of them creates from a spec value: those of
 * upstream installs (Envoy Gateway) and of the kube-prometheus-stack release.
 * A namespace a chart owns is exported by that chart (e.g. `ROOK_NAMESPACE`).
 */

/** Where Envoy Gateway's install.yaml runs its controller, and the Envoy proxies of every Gateway. */
export const ENVOY_GATEWAY_NAMESPACE = 'envoy-gateway-system';


/** kube-prometheus-stack's namespace, where the reference keeps its ServiceMonitors. */
export const MONITORING_NAMESPACE = 'monitoring';
