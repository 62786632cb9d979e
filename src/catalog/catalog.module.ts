import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service';
import { CatalogSkills } from './catalog.skills';

/** The service catalog feature: search, blast radius, service cards, readiness reviews. */
@Module({
  providers: [CatalogService, CatalogSkills],
  exports: [CatalogService],
})
export class CatalogModule {}
