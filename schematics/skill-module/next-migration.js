/** The migration naming rule `PgPoolModule` applies: a number, an underscore, a name, `.sql`. */
const MIGRATION_FILE = /^(\d+)_[\w-]+\.sql$/;

/**
 * The file name of the next migration in `dir` of `tree`: one more than the highest number there
 * (1 in an empty or missing folder), zero-padded as wide as the widest number there (3 at least),
 * then `_<table>.sql`. Files that do not follow the rule are not counted (the app refuses a
 * misnamed `.sql` at startup, naming it).
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} dir the migrations folder, from the workspace root
 * @param {string} table the snake_case name the file is called after
 * @returns {string}
 */
function nextMigrationFile(tree, dir, table) {
  const numbers = tree
    .getDir(dir)
    .subfiles.map((file) => MIGRATION_FILE.exec(file))
    .filter((match) => match !== null)
    .map((match) => match[1]);
  const next = numbers.reduce((highest, number) => Math.max(highest, Number(number)), 0) + 1;
  const width = Math.max(3, ...numbers.map((number) => number.length));
  return `${String(next).padStart(width, '0')}_${table}.sql`;
}

module.exports = { nextMigrationFile, MIGRATION_FILE };
