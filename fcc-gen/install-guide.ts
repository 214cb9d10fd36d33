/**
 * `fcc/INSTALL.md`: how to serve the files and the exact install command of every node, built
 * as sections of paragraphs and commands, then rendered to Markdown.
 */
import { createHash } from 'crypto';
import type { ClusterModel, NodeModel } from '../clusters/model';
import { shellCommand } from '../output/shell';

/** One `##` section of the guide. */
export interface GuideSection {
  /** Heading text. */
  readonly title: string;
  /**
   * Markdown paragraphs before the commands.
   * @default - none
   */
  readonly paragraphs?: readonly string[];
  /**
   * Shell commands, shown as one code block (built with `shellCommand`: spec values are quoted words).
   * @default - no code block
   */
  readonly commands?: readonly string[];
  /**
   * Markdown paragraphs after the commands.
   * @default - none
   */
  readonly after?: readonly string[];
}

/** What the guide needs to know about the files written for a node. */
export interface NodeFiles {
  readonly node: NodeModel;
  /** `<node>.ign` and its exact content (the hash in the guide is of these bytes). */
  readonly ignition: { readonly name: string; readonly content: string };
  /** `<node>-ignition.json`, Flatcar nodes with `install.flatcarLegacyIgnition` only. */
  readonly legacyIgnition?: string;
}

const OS_NAMES = { fcos: 'Fedora CoreOS', flatcar: 'Flatcar Container Linux' } as const;

function nodeSection(model: ClusterModel, f: NodeFiles): GuideSection {
  const url = `${model.install.ignitionBaseUrl}/${f.ignition.name}`;
  const title = `${f.node.name} — ${OS_NAMES[f.node.os]}, ${f.node.ip} on ${f.node.interface}, installed on ${f.node.installDisk}`;
  if (f.node.os === 'fcos') {
    const plainHttp = url.startsWith('http://');
    const hash = `sha512-${createHash('sha512').update(f.ignition.content).digest('hex')}`;
    return {
      title,
      paragraphs: ['Boot the Fedora CoreOS live ISO on the node, then:'],
      commands: [shellCommand(['sudo', 'coreos-installer', 'install', f.node.installDisk, '--ignition-url', url, ...(plainHttp ? ['--insecure-ignition'] : [])])],
      after: plainHttp
        ? [`\`--insecure-ignition\` lets coreos-installer fetch over plain http. To have it check the file instead, replace it by \`${shellCommand(['--ignition-hash', hash])}\`.`]
        : [],
    };
  }
  const legacy = f.legacyIgnition ? `${model.install.ignitionBaseUrl}/${f.legacyIgnition}` : undefined;
  return {
    title,
    paragraphs: ['Boot the Flatcar installation image on the node, then (flatcar-install reads the Ignition config from a local file):'],
    commands: [shellCommand(['curl', '-fsSL', '-o', f.ignition.name, url]), shellCommand(['sudo', 'flatcar-install', '-d', f.node.installDisk, '-i', f.ignition.name])],
    after: legacy && f.legacyIgnition
      ? [
          `Old Flatcar releases (before 3185.0.0, Ignition 2.x only): use \`${f.legacyIgnition}\` instead — \`${shellCommand(['curl', '-fsSL', '-o', f.legacyIgnition, legacy])}\` and \`${shellCommand(['sudo', 'flatcar-install', '-d', f.node.installDisk, '-i', f.legacyIgnition])}\`.`,
        ]
      : [],
  };
}

export function installGuideSections(model: ClusterModel, nodes: readonly NodeFiles[]): GuideSection[] {
  return [
    {
      title: 'Serve the Ignition files',
      paragraphs: [
        `The installers fetch \`<node>.ign\` from \`${model.install.ignitionBaseUrl}/\` (spec: \`install.ignitionBaseUrl\`). Copy the \`.ign\` (and any \`-ignition.json\`) files of this folder to the directory your web server publishes at that URL, e.g. Apache's \`/var/www/html/${new URL(model.install.ignitionBaseUrl).pathname.replace(/^\/+/, '')}\`. They hold public keys and a public certificate, no secret.`,
        'The `.fcc` files are the Butane sources of the `.ign` files; `butane --strict --pretty <node>.fcc` prints the same Ignition config. A disk that held an OS may need `sudo sgdisk --zap-all <disk>` first.',
      ],
    },
    ...nodes.map((f) => nodeSection(model, f)),
  ];
}

export function renderGuide(title: string, sections: readonly GuideSection[]): string {
  const blocks: string[] = [`# ${title}`];
  for (const s of sections) {
    blocks.push(`## ${s.title}`, ...(s.paragraphs ?? []));
    if (s.commands?.length) blocks.push(['```sh', ...s.commands, '```'].join('\n'));
    blocks.push(...(s.after ?? []));
  }
  return `${blocks.join('\n\n')}\n`;
}
