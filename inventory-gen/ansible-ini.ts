/**
 * Ansible's INI inventory dialect, written from a structure of groups. It is not `key=value` INI:
 * a section lists host names one per line, `[group:children]` lists groups (the `ini` package
 * cannot express either). Host variables live in `host_vars/`, so host lines carry none.
 */

/** One group of the inventory. */
export interface InventoryGroupProps {
  /** Group name, e.g. `kube_control_plane`. */
  readonly name: string;
  /**
   * Hosts of the group, in order.
   * @default - none
   */
  readonly hosts?: readonly string[];
  /**
   * Child groups (written as a `[name:children]` section).
   * @default - none
   */
  readonly children?: readonly string[];
}

export interface AnsibleIniInventoryProps {
  /**
   * Comment lines at the top of the file (without `#`).
   * @default - none
   */
  readonly header?: readonly string[];
  /** Groups, in the order they are written. A group with neither hosts nor children is written empty. */
  readonly groups: readonly InventoryGroupProps[];
}

/** Host and group names Ansible reads back unchanged from an INI section. */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new Error(`Ansible INI inventory: invalid ${kind} name ${JSON.stringify(name)} (letters, digits, "_", "-", ".")`);
}

/** The text of `inventory.ini`. Throws on a name Ansible would misread, a duplicate group or an undeclared child. */
export function renderAnsibleIni(props: AnsibleIniInventoryProps): string {
  const declared = new Set<string>();
  for (const g of props.groups) {
    checkName('group', g.name);
    if (declared.has(g.name)) throw new Error(`Ansible INI inventory: group ${g.name} is declared twice`);
    declared.add(g.name);
  }
  const sections: string[][] = [];
  for (const g of props.groups) {
    const hosts = g.hosts ?? [];
    const children = g.children ?? [];
    hosts.forEach((h) => checkName('host', h));
    for (const c of children) {
      if (!declared.has(c)) throw new Error(`Ansible INI inventory: group ${g.name} has undeclared child group ${c}`);
    }
    if (hosts.length > 0 || children.length === 0) sections.push([`[${g.name}]`, ...hosts]);
    if (children.length > 0) sections.push([`[${g.name}:children]`, ...children]);
  }
  const header = (props.header ?? []).map((line) => {
    if (/[\r\n]/.test(line)) throw new Error('Ansible INI inventory: a header line cannot hold a line break');
    return line ? `# ${line}` : '#';
  });
  return [...(header.length > 0 ? [header] : []), ...sections].map((lines) => `${lines.join('\n')}\n`).join('\n');
}
