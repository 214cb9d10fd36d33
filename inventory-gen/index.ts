import type { ClusterModel } from '../clusters/model';
import type { OutputFile } from '../synth/output';

/** `inventory/`: the Kubespray inventory of the cluster (see inventory-gen issue). */
export function renderInventory(_model: ClusterModel): OutputFile[] {
  return [];
}
