#!/usr/bin/env node
// Run after `npm install` changes package-lock.json.
//
// The npm registry reachable from our machines serves only some platform builds of native
// packages (@swc/core-darwin-*, for example, answer 404). npm then leaves those optional
// dependencies out of the lockfile, and `npm ci` refuses the lockfile as out of sync
// (npm/cli#8805). This adds a lock entry for every optional dependency the lockfile lacks, with
// no download address: `npm ci` accepts the lockfile, tries those packages, and skips them as
// the optional dependencies they are.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'package-lock.json'));
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version: String(range).replace(/^[\^~=]/, ''), optional: true };
    added++;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional entr${added === 1 ? 'y' : 'ies'}`);
