/**
 * The pinned upstream versions, in one place: `imports/` is generated from the CRDs of
 * these versions (`npm run import`), the operators kustomization installs these releases,
 * and the charts use these images. Bump a version here, run `npm run import`, re-synth.
 */
export const versions = {
  /** Default Kubespray release of a spec that names none. */
  kubespray: 'v2.31',
  certManager: 'v1.21.1',
  rook: 'v1.20.6',
  eck: 'v3.5.0',
  jaegerOperator: 'v1.65.0',
  prometheusOperator: 'v0.93.0',
  crunchyPgo: 'v5.8.9',
} as const;

/**
 * Butane spec versions of the node configs (`fcc/<node>.fcc`) and the Ignition spec each one
 * translates to (Butane's own table: coreos.github.io/butane/specs).
 *
 * fcos 1.5.0 → Ignition 3.4.0 on purpose: fcos 1.6.0 would emit 3.5.0, which several
 * coreos-installer releases refuse, and 3.4.0 is what every FCOS and coreos-installer of the
 * last years reads. Flatcar reads Ignition 3.3.0 since release 3185.0.0 (flatcar 1.0.0).
 */
export const butaneSpecs = {
  fcos: { variant: 'fcos', version: '1.5.0', ignition: '3.4.0' },
  flatcar: { variant: 'flatcar', version: '1.0.0', ignition: '3.3.0' },
} as const;

/** Ignition spec of the opt-in `<node>-ignition.json` of the old Flatcar flow (seed 001). */
export const legacyFlatcarIgnition = '2.2.0';

/** CRD files in `../shared/crds` that `npm run import` turns into `imports/`. */
export const crdSources: ReadonlyArray<{ readonly file: string; readonly version: string }> = [
  { file: `cert-manager-${versions.certManager}-crds.yaml`, version: versions.certManager },
  { file: `rook-${versions.rook}-crds.yaml`, version: versions.rook },
  { file: `eck-${versions.eck}-crds.yaml`, version: versions.eck },
  { file: `jaeger-operator-${versions.jaegerOperator}-crds.yaml`, version: versions.jaegerOperator },
  { file: `prometheus-operator-${versions.prometheusOperator}-crds.yaml`, version: versions.prometheusOperator },
  { file: `crunchy-pgo-${versions.crunchyPgo}-crds.yaml`, version: versions.crunchyPgo },
];
