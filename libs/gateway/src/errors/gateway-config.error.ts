/** The gateway is configured in a way it cannot serve; raised at bootstrap. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}
