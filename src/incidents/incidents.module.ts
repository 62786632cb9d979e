import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { IncidentSkills } from './incident.skills';
import { IncidentRepository } from './incident.repository';

/** The incident log feature: open, update and list incidents, postmortem drafts. */
@Module({
  imports: [CatalogModule],
  providers: [IncidentRepository, IncidentSkills],
  exports: [IncidentRepository],
})
export class IncidentsModule {}
