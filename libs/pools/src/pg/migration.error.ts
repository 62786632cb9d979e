/** A migration the server refused (its SQL), or a migrations folder that cannot be used, as opposed to a server that cannot be reached. */
export class MigrationError extends Error {}
