import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const APP_MODULE = readFileSync(join(ROOT, 'src', 'app.module.ts'), 'utf8');

interface Outcome {
  files?: Record<string, string>;
  error?: string;
  warnings: string[];
}

/** A workspace with the example's AppModule (unless `appModule` is false) and these migration files. */
const workspace = (migrations: string[] = ['001_incidents.sql'], appModule = true): Record<string, string> => ({
  ...(appModule ? { '/src/app.module.ts': APP_MODULE } : {}),
  ...Object.fromEntries(migrations.map((file) => [`/migrations/${file}`, '-- a migration\n'])),
});

const NUMBERING: Array<[string[], string]> = [
  [[], '001_parcels.sql'],
  [['001_incidents.sql', '007_audits.sql', '002_tasks.sql'], '008_parcels.sql'],
  [['0041_a.sql', '0042_b-c.sql'], '0043_parcels.sql'],
  [['001_incidents.sql', 'tickets_index.sql', 'README.md'], '002_parcels.sql'],
];
const NAMES: Array<[string, string, string, string, string]> = [
  ['parcel-lockers', 'ParcelLockersModule', 'ParcelLockerSkills', 'parcel_locker_create', 'parcel_lockers'],
  ['deliveries', 'DeliveriesModule', 'DeliverySkills', 'delivery_create', 'deliveries'],
  ['boxes', 'BoxesModule', 'BoxSkills', 'box_create', 'boxes'],
  ['addresses', 'AddressesModule', 'AddressSkills', 'address_create', 'addresses'],
  ['inventory', 'InventoryModule', 'InventorySkills', 'inventory_create', 'inventory'],
  ['ParcelLockers', 'ParcelLockersModule', 'ParcelLockerSkills', 'parcel_locker_create', 'parcel_lockers'],
];
const SCENARIOS = {
  parcels: { files: workspace(), options: { name: 'parcels' } },
  skipImport: { files: workspace(), options: { name: 'parcels', skipImport: true } },
  noParent: { files: workspace(['001_incidents.sql'], false), options: { name: 'parcels' } },
  elsewhere: { files: workspace(), options: { name: 'parcels', spec: false, path: 'logistics' } },
  badName: { files: workspace(), options: { name: '9lives' } },
  ...Object.fromEntries(NUMBERING.map(([existing], index) => [`numbering${index}`, { files: workspace(existing), options: { name: 'parcels' } }])),
  ...Object.fromEntries(NAMES.map(([name]) => [`name:${name}`, { files: workspace(), options: { name } }])),
};

/** Runs every scenario in one plain Node process (see test/support/schematic-runner.js), bounded. */
function runScenarios(): Promise<Record<string, Outcome>> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [join(ROOT, 'test', 'support', 'schematic-runner.js')], { cwd: ROOT, timeout: 60_000 }, (error, stdout) => {
      if (error) return reject(error);
      const outcomes = JSON.parse(stdout) as Outcome[];
      resolve(Object.fromEntries(Object.keys(SCENARIOS).map((key, index) => [key, outcomes[index]])));
    });
    child.stdin!.end(JSON.stringify(Object.values(SCENARIOS)));
  });
}

describe('the skill-module schematic', () => {
  let outcomes: Record<string, Outcome>;
  const files = (key: string) => outcomes[key].files!;

  beforeAll(async () => {
    outcomes = await runScenarios();
  }, 90_000);

  it('makes the module, the provider with its tool, both DTOs, the next migration and a spec, named after the feature and its singular', () => {
    const made = files('parcels');
    expect(Object.keys(made).sort()).toEqual([
      '/migrations/001_incidents.sql',
      '/migrations/002_parcels.sql',
      '/src/app.module.ts',
      '/src/parcels/dto/create-parcel.dto.ts',
      '/src/parcels/dto/parcel.dto.ts',
      '/src/parcels/parcel.skills.ts',
      '/src/parcels/parcels.module.ts',
      '/test/src/parcels/parcel.skills.spec.ts',
    ]);
    expect(made['/src/parcels/parcels.module.ts']).toContain('@Module({ providers: [ParcelSkills] })\nexport class ParcelsModule {}');
    expect(made['/src/parcels/parcel.skills.ts']).toContain("@Scopes('parcels:write')\n  @Tool({\n    name: 'parcel_create',");
    expect(made['/migrations/002_parcels.sql']).toContain('CREATE TABLE parcels (');
    expect(made['/test/src/parcels/parcel.skills.spec.ts']).toContain("import { ParcelsModule } from '../../../src/parcels/parcels.module';");
    expect(made['/test/src/parcels/parcel.skills.spec.ts']).toContain("migrationsDir: join(__dirname, '..', '..', '..', 'migrations')");
  });

  it('adds the module to the imports of the AppModule above it, as nest g module does', () => {
    const appModule = files('parcels')['/src/app.module.ts'];
    expect(appModule).toContain("import { ParcelsModule } from './parcels/parcels.module';");
    expect(appModule).toMatch(/imports: \[[\s\S]*ParcelsModule,\n {2}\],/);
    expect(files('skipImport')['/src/app.module.ts']).toBe(APP_MODULE);
    expect(outcomes.noParent.warnings).toEqual(["No module above src/parcels to import ParcelsModule into: add it to your AppModule's imports."]);
    expect(Object.keys(files('noParent'))).toContain('/src/parcels/parcels.module.ts');
  });

  it.each(NUMBERING.map(([existing, expected], index) => [existing, expected, index] as const))(
    'numbers the migration after the highest in %j: %s (the naming rule NNN_name.sql; misnamed files do not count)',
    (existing, expected, index) => {
      const migrations = Object.keys(files(`numbering${index}`)).filter((path) => path.startsWith('/migrations/'));
      expect(migrations.sort()).toEqual([...existing, expected].map((file) => `/migrations/${file}`).sort());
    },
  );

  it.each(NAMES)('names %s: %s, %s, the tool %s, the table %s', (name, moduleClass, skillsClass, tool, table) => {
    const made = files(`name:${name}`);
    expect(Object.keys(made)).toContain(`/migrations/002_${table}.sql`);
    const skills = Object.entries(made).find(([path]) => path.endsWith('.skills.ts'))![1];
    expect(skills).toContain(`export class ${skillsClass} {`);
    expect(skills).toContain(`name: '${tool}',`);
    expect(skills).toContain(`INSERT INTO ${table} (title, created_by)`);
    expect(made['/src/app.module.ts']).toContain(`    ${moduleClass},\n  ],`);
  });

  it('leaves out the spec with spec: false, and puts the module in another folder with path', () => {
    const made = Object.keys(files('elsewhere'));
    expect(made).toContain('/src/logistics/parcels/parcels.module.ts');
    expect(made.some((path) => path.startsWith('/test/'))).toBe(false);
    expect(files('elsewhere')['/src/app.module.ts']).toContain("import { ParcelsModule } from './logistics/parcels/parcels.module';");
  });

  it('refuses a name it cannot make identifiers of, saying what a name may be', () => {
    expect(outcomes.badName.error).toBe('"9lives" is not a usable module name: use letters, digits and dashes, starting with a letter (e.g. parcels).');
  });
});
