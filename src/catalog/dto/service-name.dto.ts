import { Matches } from 'class-validator';
import { JSONSchema } from '@skillnest/skills';

/** Arguments of prompts that are about one service. */
export class ServiceNameDto {
  @JSONSchema({ description: 'Service name as in the catalog, e.g. "checkout-api"' })
  @Matches(/^[a-z][a-z0-9-]{1,60}$/, { message: 'service must be a catalog service name such as "checkout-api"' })
  service: string;
}
