import { Global, Module } from '@nestjs/common';
import { PoolDirectory } from './pool-directory';

/** Holds the one `PoolDirectory` of the app; imported by every pool module. */
@Global()
@Module({ providers: [PoolDirectory], exports: [PoolDirectory] })
export class PoolsCoreModule {}
