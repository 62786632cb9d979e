import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { IncidentSkills } from './incident.skills';
import { IncidentStore } from './incident.store';

/** The incident log feature: open, update and list incidents, postmortem drafts. */
@Module({
  imports: [CatalogModule],
  providers: [IncidentStore, IncidentSkills],
})
export class IncidentsModule {}
