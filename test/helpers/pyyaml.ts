/**
 * Reads YAML as Ansible does: python3's PyYAML (YAML 1.1), with constructors for Ansible's
 * `!vault` and `!unsafe` tags. Every scalar comes back with the Python type it resolved to, and
 * mappings as [key, value] pairs, so that a key read as a boolean is not hidden by JSON.
 */
import { spawnSync } from 'child_process';

/** A value as PyYAML built it: `{scalar: [type, text]}`, `{map: [[k, v]…]}`, `{seq: […]}`. */
export type Typed = { readonly scalar: readonly [string, string] } | { readonly map: ReadonlyArray<readonly [Typed, Typed]> } | { readonly seq: readonly Typed[] };

const SCRIPT = `
import json, sys, yaml
class Loader(yaml.SafeLoader):
    pass
class Unsafe(str):
    pass
Loader.add_constructor('!vault', lambda l, n: ('vault', l.construct_scalar(n)))
Loader.add_constructor('!unsafe', lambda l, n: Unsafe(l.construct_scalar(n)))
def typed(v):
    if isinstance(v, dict):
        return {'map': [[typed(k), typed(x)] for k, x in v.items()]}
    if isinstance(v, list):
        return {'seq': [typed(x) for x in v]}
    if isinstance(v, tuple):
        return {'scalar': ['vault', v[1]]}
    return {'scalar': [type(v).__name__, v if isinstance(v, str) else repr(v)]}
files = json.load(sys.stdin)
out = {}
for path, text in files.items():
    out[path] = [typed(d) for d in yaml.load_all(text, Loader=Loader) if d is not None]
json.dump(out, sys.stdout)
`;

/** Every document of every file, as PyYAML reads it. Throws on a file PyYAML cannot read. */
export function loadWithPyYaml(files: Readonly<Record<string, string>>): Record<string, Typed[]> {
  const r = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`PyYAML could not read the files: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, Typed[]>;
}
