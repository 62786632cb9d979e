/** The injection token of the `pg.Pool` named `name`. */
export function getPgPoolToken(name = 'default'): string {
  return `skillnest:pg-pool:${name}`;
}

/** The injection token of the host that manages the pool named `name`. */
export function getPgPoolHostToken(name = 'default'): string {
  return `skillnest:pg-pool-host:${name}`;
}
