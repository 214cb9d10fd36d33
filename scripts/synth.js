#!/usr/bin/env node
/** `npm run synth` and `cdk8s synth`: bring build/ up to date, then run the compiled pipeline. */
'use strict';
const path = require('path');
const { ensureBuilt, OUT } = require('./build');

ensureBuilt();
const { main } = require(path.join(OUT, 'synth', 'cli.js'));
process.exitCode = main(process.argv.slice(2), process.env.CDK8S_OUTDIR || 'dist');
