/**
 * Realm as code that stays in sync: keycloak-config-cli (adorsys) run as a Job against the
 * running Keycloak, reading the realm file of the realm ConfigMap. The Job's name carries a hash
 * of everything it runs (realm file, image, options): a changed realm is a new Job, which the
 * deploy applies and waits on; an unchanged realm is the same, already completed Job, which does
 * not run again (a Job's pod template cannot be updated, so the hash must cover all of it).
 *
 * Why not Keycloak's `start --import-realm`: it skips a realm that exists, so after the first
 * start no edit reaches Keycloak. Why not the Keycloak Operator's KeycloakRealmImport: it too
 * only creates a realm that does not exist yet (it does not update one), and it would need the
 * operator to run Keycloak. keycloak-config-cli updates in place.
 */
import { createHash } from 'crypto';
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-27';
import type { KubernetesSecretRef } from '../clusters/model';
import { images } from '../clusters/model/versions';
import { computeResources, envFromSecret, restrictedContainer, restrictedPod } from './lib/workload';

/** Where the Job mounts the realm ConfigMap. */
const CONFIG_DIR = '/config';
/** The image's user (USER 65534 in its Dockerfile at v6.5.0). */
const CONFIG_CLI_UID = 65534;

/**
 * The options of keycloak-config-cli that keep what the realm file does not describe (its README
 * and docs/MANAGED.md at v6.5.0):
 * - remote state on: only objects keycloak-config-cli created itself are ever purged, never the
 *   roles, clients or groups an admin made in the console;
 * - groups `no-delete`: groups hold the users' memberships;
 * - the realm file declares no `users`: users are not a managed type, so users created at run time
 *   (by admins, self-registration or federation) are never touched.
 * Variable substitution on, `$(env:NAME)` syntax: secrets come from Secret env vars at run time.
 */
export const REALM_SYNC_OPTIONS: Readonly<Record<string, string>> = {
  IMPORT_REMOTESTATE_ENABLED: 'true',
  IMPORT_MANAGED_GROUP: 'no-delete',
  IMPORT_VARSUBSTITUTION_ENABLED: 'true',
  IMPORT_VARSUBSTITUTION_UNDEFINEDISERROR: 'true',
  IMPORT_VALIDATE: 'true',
  KEYCLOAK_AVAILABILITYCHECK_ENABLED: 'true',
  KEYCLOAK_AVAILABILITYCHECK_TIMEOUT: '300s',
};

/** A placeholder keycloak-config-cli replaces by an env var of its pod at run time. */
export const envPlaceholder = (name: string) => `$(env:${name})`;

/**
 * The Keycloak a realm sync talks to (a `KeycloakServer` is one): the Job runs in its Service's
 * namespace and calls it at `url`. Declared here, so that the sync needs nothing of the chart
 * that creates it (no import circle).
 */
export interface RealmSyncTarget {
  /** The Service in front of Keycloak. */
  readonly service: ApiObject;
  /** The URL the Job calls Keycloak's admin API at (through `service`). */
  readonly url: string;
}

/** What the realm sync reads and where it writes. */
export interface KeycloakRealmSyncProps {
  /** The Keycloak to sync: the Job runs in its namespace and calls it through its Service. */
  readonly keycloak: RealmSyncTarget;
  /** ConfigMap holding the realm file(s) to import, in Keycloak's namespace; its data is hashed into the Job's name. */
  readonly realm: ApiObject;
  /** Prefix of the Job's name; the hash of the sync follows it (`<prefix>-<hash>`). */
  readonly namePrefix: string;
  /** Secret the admin creates with the admin's `username` and `password` (the bootstrap admin of Keycloak). */
  readonly adminSecretName: string;
  /** Env vars of the Job from Secrets, for the `$(env:NAME)` placeholders of the realm file. */
  readonly secretEnv: Readonly<Record<string, KubernetesSecretRef>>;
  /**
   * keycloak-config-cli image.
   * @default images.keycloakConfigCli
   */
  readonly image?: string;
  /**
   * Retries of the Job's pod before the deploy reports the sync failed.
   * @default 4
   */
  readonly backoffLimit?: number;
}

/** The Job; `jobName` is `<prefix>-<hash of the Job and the realm>`. */
export class KeycloakRealmSync extends Construct {
  /** Name of the Job (changes exactly when the realm or the Job changes). */
  readonly jobName: string;

  constructor(scope: Construct, id: string, props: KeycloakRealmSyncProps) {
    super(scope, id);
    const { keycloak, realm } = props;
    const namespace = keycloak.service.metadata.namespace;
    if (realm.kind !== 'ConfigMap') throw new Error(`the realm to sync must be a ConfigMap, not ${realm.kind} ${realm.name}`);
    if (realm.metadata.namespace !== namespace) throw new Error(`ConfigMap ${realm.name} must be in Keycloak's namespace ${namespace}: the Job mounts it`);
    const realmData: Readonly<Record<string, string>> = realm.toJson().data ?? {};
    const env: k8s.EnvVar[] = [
      { name: 'KEYCLOAK_URL', value: keycloak.url },
      envFromSecret('KEYCLOAK_USER', props.adminSecretName, 'username'),
      envFromSecret('KEYCLOAK_PASSWORD', props.adminSecretName, 'password'),
      { name: 'IMPORT_FILES_LOCATIONS', value: `file:${CONFIG_DIR}/*` },
      ...Object.entries(REALM_SYNC_OPTIONS).map(([name, value]) => ({ name, value })),
      ...Object.entries(props.secretEnv).map(([name, ref]) => envFromSecret(name, ref.secretName, ref.key)),
    ];
    const spec: k8s.JobSpec = {
      backoffLimit: props.backoffLimit ?? 4,
      template: {
        spec: {
          restartPolicy: 'Never',
          securityContext: restrictedPod(),
          containers: [
            {
              name: 'keycloak-config-cli',
              image: props.image ?? images.keycloakConfigCli,
              env,
              resources: computeResources({ cpu: '100m', memory: '256Mi' }, { cpu: '1', memory: '512Mi' }),
              securityContext: restrictedContainer(CONFIG_CLI_UID),
              volumeMounts: [{ name: 'realm', mountPath: CONFIG_DIR, readOnly: true }],
            },
          ],
          volumes: [{ name: 'realm', configMap: { name: realm.name } }],
        },
      },
    };
    // Everything the Job runs, hashed: keys in a fixed order, so the name is deterministic.
    const hash = createHash('sha256').update(JSON.stringify([realmData, spec])).digest('hex').slice(0, 10);
    this.jobName = `${props.namePrefix}-${hash}`;
    new k8s.KubeJob(this, 'job', {
      metadata: {
        name: this.jobName,
        namespace,
        annotations: { 'kube-cluster-as-code/realm-sync-hash': hash },
      },
      spec,
    });
  }
}
