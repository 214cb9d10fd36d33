/**
 * The cdk8s app entry (`cdk8s synth` runs it, see cdk8s.yaml) and the `npm run synth` entry:
 * both write dist/<cluster>/ for every cluster in clusters/ through the same pipeline.
 */
import { main } from './synth/cli';

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), process.env.CDK8S_OUTDIR ?? 'dist');
}
