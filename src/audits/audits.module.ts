import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ReadinessAuditSkills } from './readiness-audit.skills';

/** Audits across the catalog: long-running skills served as tasks. */
@Module({
  imports: [CatalogModule, IncidentsModule],
  providers: [ReadinessAuditSkills],
})
export class AuditsModule {}
