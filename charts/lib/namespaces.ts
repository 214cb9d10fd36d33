/**
 * Namespaces that several charts name but none of them creates from a spec value: those of
 * upstream installs (ingress-nginx, jaeger-operator) and of the kube-prometheus-stack release.
 * A namespace a chart owns is exported by that chart (e.g. `ROOK_NAMESPACE`).
 */

/** Where upstream's ingress-nginx manifest runs the controller. */
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';

/** Where jaeger-operator's release manifest runs the operator (it does not create it). */
export const JAEGER_OPERATOR_NAMESPACE = 'observability';

/** kube-prometheus-stack's namespace, where the reference keeps its ServiceMonitors. */
export const MONITORING_NAMESPACE = 'monitoring';
