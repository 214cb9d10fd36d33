import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../synth/output';

/** `fcc/`: per-node Butane configs and Ignition files (see fcc-gen issue). */
export function renderNodeConfigs(_model: ClusterModel): OutputFile[] {
  return [];
}
