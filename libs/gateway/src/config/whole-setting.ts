import { GatewayConfigError } from '../errors/gateway-config.error';
import { GatewayMessages } from '../gateway.messages';

/**
 * A setting in whole units (a cap, milliseconds, bytes): anything else fails startup naming the
 * option and its variable, rather than leaving the default in place unnoticed.
 */
export function wholeSetting(value: number, option: string, env: string, min = 1): number {
  if (!Number.isSafeInteger(value) || value < min) throw new GatewayConfigError(GatewayMessages.invalidWholeSetting(option, env, value, min));
  return value;
}
