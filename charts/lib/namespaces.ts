/**
 * Namespaces that several charts name but none of them creates from a spec value: those of
 * upstream installs (ingress-nginx) and of the kube-prometheus-stack release.
 * A namespace a chart owns is exported by that chart (e.g. `ROOK_NAMESPACE`).
 */

/** Where upstream's ingress-nginx manifest runs the controller. */
export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';


/** kube-prometheus-stack's namespace, where the reference keeps its ServiceMonitors. */
export const MONITORING_NAMESPACE = 'monitoring';
