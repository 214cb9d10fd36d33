/** A Butane config as the `.fcc` file an admin reads and Butane accepts. */
import { Document, Scalar } from 'yaml';
import { documentToYaml } from '../output/serialize';
import type { ButaneConfig } from './butane';

/** `0o600` rather than `384`: Butane (go-yaml v3) reads YAML 1.2 octal, and admins read modes in octal. */
function octal(mode: number): Scalar<number> {
  const s = new Scalar(mode);
  s.format = 'OCT';
  return s;
}

export function renderButaneYaml(config: ButaneConfig, generatedFrom: string): string {
  const files = config.storage?.files?.map((f) => ({ ...f, ...(f.mode === undefined ? {} : { mode: octal(f.mode) }) }));
  const doc = new Document({ ...config, ...(files ? { storage: { ...config.storage, files } } : {}) });
  doc.commentBefore = ` Generated from ${generatedFrom}: edit the cluster spec and re-synth, not this file.\n Translate with: butane --strict --pretty <node>.fcc (the .ign beside it is that output).`;
  return documentToYaml(doc);
}
