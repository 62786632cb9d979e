/** The injection token of the `HttpPool` named `name`. */
export function getHttpPoolToken(name: string): string {
  return `skillnest:http-pool:${name}`;
}
