#!/usr/bin/env node
/** `npm run versions`: bring build/ up to date, then print (or check) the support table. */
'use strict';
const path = require('path');
const { ensureBuilt, OUT } = require('./build');

ensureBuilt();
const { main } = require(path.join(OUT, 'synth', 'versions-cli.js'));
process.exitCode = main(process.argv.slice(2));
