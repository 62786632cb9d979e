import { Inject } from '@nestjs/common';
import { getHttpPoolToken } from './http-pool.constants';

/** Injects the `HttpPool` registered under `name`. */
export const InjectHttpPool = (name: string): ParameterDecorator & PropertyDecorator => Inject(getHttpPoolToken(name));
