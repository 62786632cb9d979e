import { Inject } from '@nestjs/common';
import { getPgPoolToken } from './pg-pool.constants';

/** Injects the `pg.Pool` registered under `name` (default `default`). */
export const InjectPgPool = (name?: string): ParameterDecorator & PropertyDecorator => Inject(getPgPoolToken(name));
