import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MigrationError } from './migration.error';
import type { Migration } from './pg-migrations';

/** The naming rule of a migration file: a number, an underscore, a name, `.sql` (`001_incidents.sql`). */
export const MIGRATION_FILE_PATTERN = /^(\d+)_[\w-]+\.sql$/;

/**
 * The migrations of a folder, in numeric order. Refuses what would otherwise be skipped or run in
 * an order nobody chose: a folder that cannot be read, a file that does not follow the naming rule
 * (`tickets_index.sql` would never run), two files with the same number. Hidden files (`.gitkeep`)
 * and folders are left alone.
 */
export async function readMigrationFiles(dir: string): Promise<Migration[]> {
  let entries: Array<{ name: string; isFile(): boolean }>;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new MigrationError(`the migrations folder ${dir} cannot be read (${typeof code === 'string' ? code : 'unreadable'}); check SKILLNEST_MIGRATIONS_DIR`);
  }
  const files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name);
  const misnamed = files.filter((file) => !MIGRATION_FILE_PATTERN.test(file));
  if (misnamed.length) {
    throw new MigrationError(
      `${misnamed.map((file) => `"${file}"`).join(', ')} in ${dir} does not follow the naming rule NNN_name.sql (e.g. 002_tickets.sql), so it would never run`,
    );
  }
  const byNumber = new Map<number, string>();
  for (const file of files) {
    const number = Number(MIGRATION_FILE_PATTERN.exec(file)![1]);
    const other = byNumber.get(number);
    if (other) throw new MigrationError(`"${other}" and "${file}" in ${dir} have the same number, so their order is undefined; renumber one`);
    byNumber.set(number, file);
  }
  const ordered = [...byNumber.entries()].sort(([a], [b]) => a - b).map(([, file]) => file);
  return Promise.all(ordered.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') })));
}
