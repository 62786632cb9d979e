import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requiredPackages, typescript } from '../../support/pack-libs-scripts';

/** The entries of the one sibling these fake packages use. */
const entriesOf = (name: string) => (name === '@skillnest/skills' ? ['index', 'internal'] : undefined);

describe('requiredPackages (what a built package requires, from its compiled files)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'skillnest-required-'));
  /** A fake package folder with these compiled files. */
  const packageWith = (name: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(scratch, name, file, '..'), { recursive: true });
      writeFileSync(join(scratch, name, file), text);
    }
    return join(scratch, name);
  };
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads require() in .js and imports in .d.ts, by package name, leaving out builtins, own files and comments', () => {
    const dir = packageWith('reads', {
      'dist/index.js': [
        '/** Example: `const x = require("left-pad")` */',
        'const pg = require("pg");',
        'const storage = require("class-transformer/cjs/storage");',
        'const path = require("node:path"), fs = require("fs");',
        'const own = require("./own");',
        'const internal = require("@skillnest/skills/internal");',
        'async function later() { return Promise.resolve().then(() => require("@scope/lazy")); }',
      ].join('\n'),
      'dist/own.js': 'module.exports = {};',
      'dist/index.d.ts':
        '/// <reference types="node" />\nimport type { FastifyInstance } from "fastify";\nexport declare const x: import("@nestjs/common").Type<FastifyInstance>;\nexport * from "./own";',
    });
    const required = requiredPackages(typescript, dir, entriesOf);
    expect([...required.runtime.keys()].sort()).toEqual(['@scope/lazy', '@skillnest/skills', 'class-transformer', 'pg']);
    expect([...required.types.keys()].sort()).toEqual(['@nestjs/common', 'fastify']);
    expect(required.runtime.get('pg')).toBe(join('dist', 'index.js'));
    expect([...required.specifiers]).toEqual(expect.arrayContaining(['class-transformer/cjs/storage', '@skillnest/skills/internal']));
  });

  it('refuses a relative require that leaves the package (into another lib)', () => {
    const dir = packageWith('escapes', { 'dist/index.js': 'const other = require("../../skills/src/skills.registry");' });
    expect(() => requiredPackages(typescript, dir, entriesOf)).toThrow('dist/index.js requires ../../skills/src/skills.registry, a file outside its own lib');
  });

  it('refuses a subpath of a sibling that is not one of its entries, in code or in types', () => {
    const code = packageWith('deep-code', { 'dist/index.js': 'const registry = require("@skillnest/skills/skills.registry");' });
    const types = packageWith('deep-types', { 'dist/index.d.ts': 'export declare const x: import("@skillnest/skills/decorators/tool.decorator").ToolOptions;' });
    expect(() => requiredPackages(typescript, code, entriesOf)).toThrow('imports @skillnest/skills/skills.registry, which is not an entry of that package');
    expect(() => requiredPackages(typescript, types, entriesOf)).toThrow('imports @skillnest/skills/decorators/tool.decorator, which is not an entry');
  });
});
